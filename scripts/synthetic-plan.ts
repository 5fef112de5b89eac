// Synthetic Terraform plans of N resources, for benchmarks, in the shape `terraform show -json`
// writes: every resource appears in resource_changes, planned_values (when it exists after the
// change), prior_state (when it existed before) and configuration (its expressions, in the
// module calls of child modules), with the attributes the AWS provider really has for its type,
// unknown (computed) values on create and sensitive ones masked. The corpus of real plans
// (../shared/iac-corpus/tf-plan) has a median of 3.8 KB per resource with resource_changes about
// 40% of the bytes; a plan of these resources is about 4.3 KB per resource. Deterministic: the
// same N gives the same plan.

type Rec = Record<string, unknown>;

const TYPES = [
  "aws_db_instance",
  "aws_ebs_volume",
  "aws_s3_bucket",
  "aws_instance",
  "aws_security_group",
  "aws_iam_role",
  "aws_backup_plan",
  "aws_dynamodb_table",
  "aws_lambda_function",
  "aws_route53_record",
  // the glue that outnumbers the rest in real estates
  "aws_iam_role_policy_attachment",
  "aws_s3_bucket_public_access_block",
  "aws_security_group_rule",
  "aws_cloudwatch_log_group",
] as const;
type Type = (typeof TYPES)[number];

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const MODULES = 13;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Ctx {
  i: number;
  name: string;
  r: () => number;
  tags: Rec;
}

const arn = (service: string, path: string): string => `arn:aws:${service}:${REGION}:${ACCOUNT}:${path}`;
const hex = (c: Ctx, n: number): string => {
  let s = "";
  while (s.length < n) s += Math.floor(c.r() * 2 ** 32).toString(16).padStart(8, "0");
  return s.slice(0, n);
};
const timeouts = null;

/** The attributes of one resource after the change, by type (as the AWS provider v5 writes them). */
const ATTRIBUTES: Record<Type, (c: Ctx) => Rec> = {
  aws_db_instance: (c) => ({
    address: `${c.name}.c${hex(c, 12)}.${REGION}.rds.amazonaws.com`,
    allocated_storage: 20 + Math.floor(c.r() * 500),
    allow_major_version_upgrade: null,
    apply_immediately: false,
    arn: arn("rds", `db:${c.name}`),
    auto_minor_version_upgrade: true,
    availability_zone: `${REGION}a`,
    backup_retention_period: Math.floor(c.r() * 30),
    backup_target: "region",
    backup_window: "03:00-04:00",
    blue_green_update: [],
    ca_cert_identifier: "rds-ca-rsa2048-g1",
    character_set_name: "",
    copy_tags_to_snapshot: true,
    custom_iam_instance_profile: "",
    customer_owned_ip_enabled: false,
    db_name: "app",
    db_subnet_group_name: "main",
    delete_automated_backups: c.r() < 0.5,
    deletion_protection: c.r() < 0.5,
    domain: "",
    enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
    endpoint: `${c.name}.c${hex(c, 12)}.${REGION}.rds.amazonaws.com:5432`,
    engine: "postgres",
    engine_version: "16.3",
    engine_version_actual: "16.3",
    final_snapshot_identifier: c.r() < 0.5 ? `${c.name}-final` : null,
    hosted_zone_id: "Z29XKXDKYMONMX",
    iam_database_authentication_enabled: false,
    id: `db-${hex(c, 26).toUpperCase()}`,
    identifier: c.name.replace(/_/g, "-"),
    identifier_prefix: "",
    instance_class: "db.t3.medium",
    iops: 3000,
    kms_key_id: arn("kms", `key/${hex(c, 8)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}`),
    license_model: "postgresql-license",
    listener_endpoint: [],
    maintenance_window: "sun:05:00-sun:06:00",
    manage_master_user_password: null,
    master_user_secret: [],
    max_allocated_storage: 1000,
    monitoring_interval: 60,
    monitoring_role_arn: `arn:aws:iam::${ACCOUNT}:role/rds-monitoring`,
    multi_az: c.r() < 0.5,
    network_type: "IPV4",
    option_group_name: "default:postgres-16",
    parameter_group_name: "default.postgres16",
    password: "synthetic-password",
    performance_insights_enabled: true,
    performance_insights_kms_key_id: arn("kms", `key/${hex(c, 8)}`),
    performance_insights_retention_period: 7,
    port: 5432,
    publicly_accessible: false,
    replica_mode: "",
    replicas: [],
    replicate_source_db: "",
    resource_id: `db-${hex(c, 26).toUpperCase()}`,
    restore_to_point_in_time: [],
    s3_import: [],
    skip_final_snapshot: c.r() < 0.3,
    snapshot_identifier: null,
    status: "available",
    storage_encrypted: c.r() < 0.8,
    storage_throughput: 125,
    storage_type: "gp3",
    tags: c.tags,
    tags_all: c.tags,
    timeouts,
    timezone: "",
    username: "app",
    vpc_security_group_ids: [`sg-${hex(c, 17)}`],
  }),
  aws_ebs_volume: (c) => ({
    arn: arn("ec2", `volume/vol-${hex(c, 17)}`),
    availability_zone: `${REGION}a`,
    encrypted: c.r() < 0.8,
    final_snapshot: c.r() < 0.3,
    id: `vol-${hex(c, 17)}`,
    iops: 3000,
    kms_key_id: "",
    multi_attach_enabled: false,
    outpost_arn: "",
    size: 20 + Math.floor(c.r() * 1000),
    snapshot_id: "",
    tags: c.tags,
    tags_all: c.tags,
    throughput: 125,
    timeouts,
    type: "gp3",
  }),
  aws_s3_bucket: (c) => {
    const bucket = `${c.name.replace(/_/g, "-")}-${c.r() < 0.2 ? "backups" : "data"}`;
    return {
      acceleration_status: "",
      acl: null,
      arn: `arn:aws:s3:::${bucket}`,
      bucket,
      bucket_domain_name: `${bucket}.s3.amazonaws.com`,
      bucket_prefix: "",
      bucket_regional_domain_name: `${bucket}.s3.${REGION}.amazonaws.com`,
      cors_rule: [],
      force_destroy: c.r() < 0.1,
      grant: [{ id: hex(c, 64), permissions: ["FULL_CONTROL"], type: "CanonicalUser", uri: "" }],
      hosted_zone_id: "Z1BKCTXD74EZPE",
      id: bucket,
      lifecycle_rule: [{ abort_incomplete_multipart_upload_days: 7, enabled: true, expiration: [{ date: "", days: 30, expired_object_delete_marker: false }], id: "expire", noncurrent_version_expiration: [], noncurrent_version_transition: [], prefix: "", tags: {}, transition: [] }],
      logging: [],
      object_lock_configuration: [],
      object_lock_enabled: false,
      policy: "",
      region: REGION,
      replication_configuration: [],
      request_payer: "BucketOwner",
      server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: "", sse_algorithm: "AES256" }], bucket_key_enabled: false }] }],
      tags: c.tags,
      tags_all: c.tags,
      timeouts,
      versioning: [{ enabled: c.r() < 0.7, mfa_delete: false }],
      website: [],
      website_domain: null,
      website_endpoint: null,
    };
  },
  aws_instance: (c) => ({
    ami: `ami-${hex(c, 17)}`,
    arn: arn("ec2", `instance/i-${hex(c, 17)}`),
    associate_public_ip_address: false,
    availability_zone: `${REGION}b`,
    capacity_reservation_specification: [{ capacity_reservation_preference: "open", capacity_reservation_target: [] }],
    cpu_core_count: 1,
    cpu_options: [{ amd_sev_snp: "", core_count: 1, threads_per_core: 2 }],
    cpu_threads_per_core: 2,
    credit_specification: [{ cpu_credits: "unlimited" }],
    disable_api_stop: false,
    disable_api_termination: c.r() < 0.5,
    ebs_block_device: [],
    ebs_optimized: false,
    enclave_options: [{ enabled: false }],
    ephemeral_block_device: [],
    get_password_data: false,
    hibernation: false,
    host_id: "",
    iam_instance_profile: "app",
    id: `i-${hex(c, 17)}`,
    instance_initiated_shutdown_behavior: "stop",
    instance_lifecycle: "",
    instance_state: "running",
    instance_type: "t3.medium",
    ipv6_address_count: 0,
    ipv6_addresses: [],
    key_name: "",
    launch_template: [],
    maintenance_options: [{ auto_recovery: "default" }],
    metadata_options: [{ http_endpoint: "enabled", http_protocol_ipv6: "disabled", http_put_response_hop_limit: 2, http_tokens: "required", instance_metadata_tags: "disabled" }],
    monitoring: false,
    network_interface: [],
    outpost_arn: "",
    password_data: "",
    placement_group: "",
    primary_network_interface_id: `eni-${hex(c, 17)}`,
    private_dns: `ip-10-0-${Math.floor(c.r() * 255)}-${Math.floor(c.r() * 255)}.${REGION}.compute.internal`,
    private_ip: `10.0.${Math.floor(c.r() * 255)}.${Math.floor(c.r() * 255)}`,
    public_dns: "",
    public_ip: "",
    root_block_device: [{ delete_on_termination: true, device_name: "/dev/xvda", encrypted: true, iops: 3000, kms_key_id: "", tags: {}, throughput: 125, volume_id: `vol-${hex(c, 17)}`, volume_size: 30, volume_type: "gp3" }],
    secondary_private_ips: [],
    security_groups: [],
    source_dest_check: true,
    subnet_id: `subnet-${hex(c, 17)}`,
    tags: c.tags,
    tags_all: c.tags,
    tenancy: "default",
    timeouts,
    user_data: hex(c, 40),
    user_data_base64: null,
    user_data_replace_on_change: false,
    volume_tags: null,
    vpc_security_group_ids: [`sg-${hex(c, 17)}`],
  }),
  aws_security_group: (c) => ({
    arn: arn("ec2", `security-group/sg-${hex(c, 17)}`),
    description: "Managed by Terraform",
    egress: [{ cidr_blocks: ["0.0.0.0/0"], description: "", from_port: 0, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: "-1", security_groups: [], self: false, to_port: 0 }],
    id: `sg-${hex(c, 17)}`,
    ingress: [{ cidr_blocks: ["10.0.0.0/16"], description: "app", from_port: 443, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: "tcp", security_groups: [], self: false, to_port: 443 }],
    name: c.name,
    name_prefix: "",
    owner_id: ACCOUNT,
    revoke_rules_on_delete: false,
    tags: c.tags,
    tags_all: c.tags,
    timeouts,
    vpc_id: `vpc-${hex(c, 17)}`,
  }),
  aws_iam_role: (c) => ({
    arn: `arn:aws:iam::${ACCOUNT}:role/${c.name}`,
    assume_role_policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    create_date: "2024-05-01T10:00:00Z",
    description: "",
    force_detach_policies: false,
    id: c.name,
    inline_policy: [],
    managed_policy_arns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
    max_session_duration: 3600,
    name: c.name,
    name_prefix: "",
    path: "/",
    permissions_boundary: "",
    tags: c.tags,
    tags_all: c.tags,
    unique_id: `AROA${hex(c, 17).toUpperCase()}`,
  }),
  aws_backup_plan: (c) => ({
    advanced_backup_setting: [],
    arn: arn("backup", `backup-plan:${hex(c, 8)}-${hex(c, 4)}`),
    id: `${hex(c, 8)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}`,
    name: c.name,
    rule: [
      {
        completion_window: 180,
        copy_action: c.r() < 0.5 ? [{ destination_vault_arn: arn("backup", `backup-vault:${c.name}-copy`), lifecycle: [{ cold_storage_after: 0, delete_after: 90 }] }] : [],
        enable_continuous_backup: false,
        lifecycle: [{ cold_storage_after: 0, delete_after: 35 }],
        recovery_point_tags: {},
        rule_name: "daily",
        schedule: "cron(0 3 * * ? *)",
        start_window: 60,
        target_vault_name: `${c.name}-vault`,
      },
    ],
    tags: c.tags,
    tags_all: c.tags,
    version: hex(c, 40),
  }),
  aws_dynamodb_table: (c) => ({
    arn: arn("dynamodb", `table/${c.name}`),
    attribute: [{ name: "pk", type: "S" }, { name: "sk", type: "S" }],
    billing_mode: "PAY_PER_REQUEST",
    deletion_protection_enabled: c.r() < 0.5,
    global_secondary_index: [],
    hash_key: "pk",
    id: c.name,
    import_table: [],
    local_secondary_index: [],
    name: c.name,
    point_in_time_recovery: [{ enabled: c.r() < 0.6 }],
    range_key: "sk",
    read_capacity: 0,
    replica: [],
    restore_date_time: null,
    restore_source_name: null,
    restore_to_latest_time: null,
    server_side_encryption: [],
    stream_arn: "",
    stream_enabled: false,
    stream_label: "",
    stream_view_type: "",
    table_class: "STANDARD",
    tags: c.tags,
    tags_all: c.tags,
    timeouts,
    ttl: [{ attribute_name: "", enabled: false }],
    write_capacity: 0,
  }),
  aws_lambda_function: (c) => ({
    architectures: ["arm64"],
    arn: arn("lambda", `function:${c.name}`),
    code_signing_config_arn: "",
    dead_letter_config: [],
    description: "",
    environment: [{ variables: { LOG_LEVEL: "info", TABLE: `table_${c.i}` } }],
    ephemeral_storage: [{ size: 512 }],
    file_system_config: [],
    filename: "build/function.zip",
    function_name: c.name,
    handler: "index.handler",
    id: c.name,
    image_config: [],
    image_uri: "",
    invoke_arn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn("lambda", `function:${c.name}`)}/invocations`,
    kms_key_arn: "",
    last_modified: "2024-05-01T10:00:00.000+0000",
    layers: [],
    logging_config: [{ application_log_level: "", log_format: "Text", log_group: `/aws/lambda/${c.name}`, system_log_level: "" }],
    memory_size: 256,
    package_type: "Zip",
    publish: false,
    qualified_arn: arn("lambda", `function:${c.name}:$LATEST`),
    qualified_invoke_arn: "",
    replace_security_groups_on_destroy: null,
    replacement_security_group_ids: null,
    reserved_concurrent_executions: -1,
    role: `arn:aws:iam::${ACCOUNT}:role/lambda_${c.i}`,
    runtime: "nodejs20.x",
    s3_bucket: null,
    s3_key: null,
    s3_object_version: null,
    signing_job_arn: "",
    signing_profile_version_arn: "",
    skip_destroy: false,
    snap_start: [],
    source_code_hash: hex(c, 44),
    source_code_size: Math.floor(c.r() * 1e6),
    tags: c.tags,
    tags_all: c.tags,
    timeout: 30,
    timeouts,
    tracing_config: [{ mode: "PassThrough" }],
    version: "$LATEST",
    vpc_config: [],
  }),
  aws_route53_record: (c) => ({
    alias: [],
    allow_overwrite: null,
    cidr_routing_policy: [],
    failover_routing_policy: [],
    fqdn: `${c.name.replace(/_/g, "-")}.example.com`,
    geolocation_routing_policy: [],
    geoproximity_routing_policy: [],
    health_check_id: "",
    id: `Z${hex(c, 13).toUpperCase()}_${c.name.replace(/_/g, "-")}.example.com_A`,
    latency_routing_policy: [],
    multivalue_answer_routing_policy: false,
    name: `${c.name.replace(/_/g, "-")}.example.com`,
    records: [`10.0.${Math.floor(c.r() * 255)}.${Math.floor(c.r() * 255)}`],
    set_identifier: "",
    ttl: 300,
    type: "A",
    weighted_routing_policy: [],
    zone_id: `Z${hex(c, 13).toUpperCase()}`,
  }),
  aws_iam_role_policy_attachment: (c) => ({
    id: `role_${c.i}-${hex(c, 26)}`,
    policy_arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    role: `role_${c.i}`,
  }),
  aws_s3_bucket_public_access_block: (c) => ({
    block_public_acls: true,
    block_public_policy: true,
    bucket: `${c.name.replace(/_/g, "-")}-data`,
    id: `${c.name.replace(/_/g, "-")}-data`,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  }),
  aws_security_group_rule: (c) => ({
    cidr_blocks: ["10.0.0.0/16"],
    description: "app",
    from_port: 443,
    id: `sgrule-${Math.floor(c.r() * 2 ** 32)}`,
    ipv6_cidr_blocks: null,
    prefix_list_ids: null,
    protocol: "tcp",
    security_group_id: `sg-${hex(c, 17)}`,
    security_group_rule_id: `sgr-${hex(c, 17)}`,
    self: false,
    source_security_group_id: null,
    to_port: 443,
    type: "ingress",
  }),
  aws_cloudwatch_log_group: (c) => ({
    arn: arn("logs", `log-group:/app/${c.name}`),
    id: `/app/${c.name}`,
    kms_key_id: "",
    log_group_class: "STANDARD",
    name: `/app/${c.name}`,
    name_prefix: "",
    retention_in_days: 30,
    skip_destroy: false,
    tags: c.tags,
    tags_all: c.tags,
  }),
};

/** Attributes only known after apply when the resource is created. */
const COMPUTED = ["id", "arn", "address", "endpoint", "resource_id", "status", "unique_id", "create_date", "version", "qualified_arn", "invoke_arn", "last_modified", "private_ip", "private_dns", "primary_network_interface_id", "owner_id", "fqdn", "bucket_domain_name", "bucket_regional_domain_name", "hosted_zone_id", "source_code_size", "stream_arn"];

/** The attributes a configuration sets (the rest are defaults or computed). */
const CONFIGURED: Record<Type, string[]> = {
  aws_db_instance: ["allocated_storage", "backup_retention_period", "db_name", "deletion_protection", "engine", "engine_version", "instance_class", "multi_az", "skip_final_snapshot", "storage_encrypted", "username"],
  aws_ebs_volume: ["availability_zone", "encrypted", "size", "type"],
  aws_s3_bucket: ["bucket", "force_destroy"],
  aws_instance: ["ami", "instance_type", "iam_instance_profile", "user_data"],
  aws_security_group: ["description", "name"],
  aws_iam_role: ["assume_role_policy", "name", "managed_policy_arns"],
  aws_backup_plan: ["name"],
  aws_dynamodb_table: ["billing_mode", "hash_key", "name", "range_key"],
  aws_lambda_function: ["filename", "function_name", "handler", "memory_size", "runtime", "timeout"],
  aws_route53_record: ["name", "ttl", "type"],
  aws_iam_role_policy_attachment: ["policy_arn", "role"],
  aws_s3_bucket_public_access_block: ["block_public_acls", "block_public_policy", "bucket", "ignore_public_acls", "restrict_public_buckets"],
  aws_security_group_rule: ["cidr_blocks", "from_port", "protocol", "to_port", "type"],
  aws_cloudwatch_log_group: ["name", "retention_in_days"],
};

function withoutComputed(after: Rec): { known: Rec; unknown: Rec } {
  const known: Rec = {};
  const unknown: Rec = {};
  for (const [k, v] of Object.entries(after)) {
    if (COMPUTED.includes(k)) unknown[k] = true;
    else known[k] = v;
  }
  return { known, unknown };
}

function sensitiveMask(type: Type, values: Rec): Rec {
  const mask: Rec = type === "aws_db_instance" ? { password: true } : {};
  if ("tags" in values) Object.assign(mask, { tags: {}, tags_all: {} });
  return mask;
}

interface Module {
  resources: Rec[];
}

function stateResource(address: string, type: Type, name: string, values: Rec): Rec {
  return { address, mode: "managed", type, name, provider_name: "registry.terraform.io/hashicorp/aws", schema_version: type === "aws_db_instance" ? 2 : 0, values, sensitive_values: sensitiveMask(type, values) };
}

function moduleTree(byModule: Map<string | null, Module>): Rec {
  const root: Rec = { resources: byModule.get(null)?.resources ?? [] };
  const children = [...byModule.entries()].filter(([m]) => m !== null).map(([m, mod]) => ({ address: m, resources: mod.resources }));
  if (children.length > 0) root.child_modules = children;
  return root;
}

function push(map: Map<string | null, Module>, module: string | null, r: Rec): void {
  let m = map.get(module);
  if (!m) map.set(module, (m = { resources: [] }));
  m.resources.push(r);
}

export function syntheticPlan(n: number): Record<string, unknown> {
  const r = rng(n);
  const changes: unknown[] = [];
  const planned = new Map<string | null, Module>();
  const prior = new Map<string | null, Module>();
  const config = new Map<string | null, Module>();
  for (let i = 0; i < n; i++) {
    const type = TYPES[i % TYPES.length]!;
    const name = `res_${i}`;
    const module = i % 7 === 0 ? `module.m${i % MODULES}` : null;
    const address = module ? `${module}.${type}.${name}` : `${type}.${name}`;
    const pick = r();
    const actions = pick < 0.02 ? ["delete"] : pick < 0.04 ? ["delete", "create"] : pick < 0.3 ? ["update"] : pick < 0.5 ? ["create"] : ["no-op"];
    const tags = { Name: name, env: i % 3 === 0 ? "production" : "staging", team: `team-${i % 17}`, service: `svc-${i % 41}`, managed_by: "terraform" };
    const values = ATTRIBUTES[type]({ i, name, r, tags });
    const creating = actions.includes("create");
    const deleting = actions.includes("delete");
    const before = actions[0] === "create" ? null : values;
    // a change to one attribute; a create or replacement leaves the computed ones unknown
    const changed = actions[0] === "update" && "tags" in values ? { ...values, tags: { ...tags, revision: String(i % 5) }, tags_all: { ...tags, revision: String(i % 5) } } : values;
    const { known, unknown } = creating ? withoutComputed(changed) : { known: changed, unknown: {} };
    const after = deleting && !creating ? null : known;
    changes.push({
      address,
      ...(module ? { module_address: module } : {}),
      mode: "managed",
      type,
      name,
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: {
        actions,
        before,
        after,
        after_unknown: after === null ? false : { ...unknown, ...("tags" in after ? { tags: {}, tags_all: {} } : {}) },
        before_sensitive: before === null ? false : sensitiveMask(type, before),
        after_sensitive: after === null ? false : sensitiveMask(type, after),
        ...(actions.length === 2 ? { replace_paths: [[CONFIGURED[type][0]!]] } : {}),
      },
      ...(actions.length === 2 ? { action_reason: "replace_because_cannot_update" } : {}),
    });
    if (after !== null) push(planned, module, stateResource(address, type, name, after));
    if (before !== null) push(prior, module, stateResource(address, type, name, before));
    const expressions: Rec = {};
    for (const k of CONFIGURED[type]) expressions[k] = { constant_value: values[k] };
    if ("tags" in values) expressions.tags = { constant_value: { Name: name, team: tags.team, service: tags.service } };
    if (type === "aws_instance" || type === "aws_db_instance") {
      // the security group of the same round of types
      const sg = `aws_security_group.res_${i - (i % TYPES.length) + TYPES.indexOf("aws_security_group")}`;
      expressions.vpc_security_group_ids = { references: [`${sg}.id`, sg] };
    }
    push(config, module, { address: `${type}.${name}`, mode: "managed", type, name, provider_config_key: module ? `${module.slice(7)}:aws` : "aws", expressions, schema_version: type === "aws_db_instance" ? 2 : 0 });
  }
  const rootConfig: Rec = { resources: config.get(null)?.resources ?? [] };
  const calls: Rec = {};
  for (const [m, mod] of config) if (m !== null) calls[m.slice(7)] = { source: `./modules/${m.slice(7)}`, module: { resources: mod.resources } };
  rootConfig.module_calls = calls;
  return {
    format_version: "1.2",
    terraform_version: "1.9.5",
    variables: { region: { value: REGION } },
    planned_values: { root_module: moduleTree(planned) },
    resource_changes: changes,
    prior_state: { format_version: "1.0", terraform_version: "1.9.5", values: { root_module: moduleTree(prior) } },
    configuration: {
      provider_config: { aws: { name: "aws", full_name: "registry.terraform.io/hashicorp/aws", expressions: { region: { references: ["var.region"] } } } },
      root_module: rootConfig,
    },
    relevant_attributes: [],
    timestamp: "2024-05-01T10:00:00Z",
    applyable: true,
    complete: true,
    errored: false,
  };
}
