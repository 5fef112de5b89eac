// Where Pulumi's Terraform bridge changes the shape of a property beyond its name: nested blocks
// limited to one item (MaxItems = 1) become a single object instead of a one-element list, and
// list blocks get plural names (`rule` -> `rules`, `ebs_block_device` -> `ebsBlockDevices`).
// Terraform JSON keeps the list and the singular name, and so do the shipped policies
// (`r.after.rule[_].copy_action`, `settings[_].backup_configuration`). The bridge decides from the
// provider schema, which a preview or state does not carry, so the common stateful and backup
// types are listed here; other types keep Pulumi's shape (names still snake_case).

/** How one property (keyed by its snake_case Pulumi name) maps back to Terraform's shape. */
export interface Shape {
  /** Terraform's name when Pulumi pluralized it */
  tf?: string;
  /** a MaxItems = 1 block: the object is wrapped back into a one-element list */
  one?: boolean;
  /** shapes inside the block (each list element, or the single object) */
  items?: Spec;
}

export type Spec = Readonly<Record<string, Shape>>;

const ONE: Shape = Object.freeze({ one: true });

function spec(entries: Record<string, Shape>): Spec {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, Shape>, entries));
}

const one = (items: Record<string, Shape>): Shape => ({ one: true, items: spec(items) });
const plural = (tf: string, items?: Record<string, Shape>): Shape => (items ? { tf, items: spec(items) } : { tf });

const DB_INSTANCE = spec({
  restore_to_point_in_time: ONE,
  s3_import: ONE,
  blue_green_update: ONE,
  master_user_secrets: plural("master_user_secret"),
});

const S3_BUCKET = spec({
  versioning: ONE,
  website: ONE,
  object_lock_configuration: one({ rule: one({ default_retention: ONE }) }),
  server_side_encryption_configuration: one({
    rule: one({ apply_server_side_encryption_by_default: ONE }),
  }),
  replication_configuration: one({
    rules: { items: spec({ destination: one({ access_control_translation: ONE, metrics: ONE, replication_time: ONE }), filter: ONE, source_selection_criteria: one({ sse_kms_encrypted_objects: ONE }) }) },
  }),
  lifecycle_rules: plural("lifecycle_rule", {
    expiration: ONE,
    noncurrent_version_expiration: ONE,
    transitions: plural("transition"),
    noncurrent_version_transitions: plural("noncurrent_version_transition"),
  }),
  cors_rules: plural("cors_rule"),
  grants: plural("grant"),
  loggings: plural("logging"),
});

const SHAPES: ReadonlyMap<string, Spec> = new Map<string, Spec>([
  // AWS
  ["aws_db_instance", DB_INSTANCE],
  [
    "aws_rds_cluster",
    spec({
      serverlessv2_scaling_configuration: ONE,
      scaling_configuration: ONE,
      restore_to_point_in_time: ONE,
      s3_import: ONE,
      master_user_secrets: plural("master_user_secret"),
    }),
  ],
  ["aws_docdb_cluster", spec({ restore_to_point_in_time: ONE })],
  [
    "aws_dynamodb_table",
    spec({
      attributes: plural("attribute"),
      global_secondary_indexes: plural("global_secondary_index"),
      local_secondary_indexes: plural("local_secondary_index"),
      replicas: plural("replica"),
      point_in_time_recovery: ONE,
      server_side_encryption: ONE,
      ttl: ONE,
      import_table: one({ input_format_options: one({ csv: ONE }), s3_bucket_source: ONE }),
    }),
  ],
  ["aws_s3_bucket", S3_BUCKET],
  [
    "aws_instance",
    spec({
      ebs_block_devices: plural("ebs_block_device"),
      ephemeral_block_devices: plural("ephemeral_block_device"),
      network_interfaces: plural("network_interface"),
      root_block_device: ONE,
      metadata_options: ONE,
      credit_specification: ONE,
      launch_template: ONE,
      capacity_reservation_specification: one({ capacity_reservation_target: ONE }),
      cpu_options: ONE,
      enclave_options: ONE,
      maintenance_options: ONE,
      private_dns_name_options: ONE,
    }),
  ],
  ["aws_efs_file_system", spec({ lifecycle_policies: plural("lifecycle_policy"), protection: ONE })],
  [
    "aws_backup_plan",
    spec({
      rules: plural("rule", {
        lifecycle: ONE,
        copy_actions: plural("copy_action", { lifecycle: ONE }),
      }),
      advanced_backup_settings: plural("advanced_backup_setting"),
    }),
  ],
  ["aws_backup_selection", spec({ selection_tags: plural("selection_tag") })],
  [
    "aws_dlm_lifecycle_policy",
    spec({
      policy_details: one({
        schedules: plural("schedule", {
          create_rule: ONE,
          retain_rule: ONE,
          deprecate_rule: ONE,
          fast_restore_rule: ONE,
          share_rules: plural("share_rule"),
          cross_region_copy_rules: plural("cross_region_copy_rule", { retain_rule: ONE, deprecate_rule: ONE }),
        }),
        parameters: ONE,
        event_source: one({ parameters: ONE }),
        actions: plural("action"),
      }),
    }),
  ],
  ["aws_lb", spec({ access_logs: ONE, connection_logs: ONE, subnet_mappings: plural("subnet_mapping") })],
  ["aws_kinesis_stream", spec({ stream_mode_details: ONE })],
  ["aws_elasticache_replication_group", spec({ log_delivery_configurations: plural("log_delivery_configuration") })],
  // Google
  [
    "google_sql_database_instance",
    spec({
      settings: one({
        backup_configuration: one({ backup_retention_settings: ONE }),
        ip_configuration: one({ psc_configs: plural("psc_config") }),
        location_preference: ONE,
        maintenance_window: ONE,
        insights_config: ONE,
        password_validation_policy: ONE,
        data_cache_config: ONE,
        deny_maintenance_period: ONE,
        sql_server_audit_config: ONE,
        active_directory_config: ONE,
        advanced_machine_features: ONE,
      }),
      replica_configuration: ONE,
      clone: ONE,
      restore_backup_context: ONE,
    }),
  ],
  [
    "google_storage_bucket",
    spec({
      lifecycle_rules: plural("lifecycle_rule", { action: ONE, condition: ONE }),
      versioning: ONE,
      retention_policy: ONE,
      encryption: ONE,
      logging: ONE,
      website: ONE,
      autoclass: ONE,
      soft_delete_policy: ONE,
      custom_placement_config: ONE,
      hierarchical_namespace: ONE,
    }),
  ],
  [
    "google_compute_instance",
    spec({
      boot_disk: one({ initialize_params: ONE }),
      attached_disks: plural("attached_disk"),
      scratch_disks: plural("scratch_disk"),
      network_interfaces: plural("network_interface"),
      guest_accelerators: plural("guest_accelerator"),
      service_account: ONE,
      scheduling: ONE,
      shielded_instance_config: ONE,
      confidential_instance_config: ONE,
      advanced_machine_features: ONE,
      reservation_affinity: ONE,
    }),
  ],
  ["google_compute_disk", spec({ disk_encryption_key: ONE, source_image_encryption_key: ONE, source_snapshot_encryption_key: ONE, async_primary_disk: ONE })],
  [
    "google_compute_resource_policy",
    spec({ snapshot_schedule_policy: one({ schedule: ONE, retention_policy: ONE, snapshot_properties: ONE }) }),
  ],
  // Azure
  ["azurerm_mssql_database", spec({ long_term_retention_policy: ONE, short_term_retention_policy: ONE, threat_detection_policy: ONE })],
  [
    "azurerm_storage_account",
    spec({
      blob_properties: one({ delete_retention_policy: ONE, container_delete_retention_policy: ONE, restore_policy: ONE }),
      network_rules: ONE,
      share_properties: ONE,
      queue_properties: ONE,
      identity: ONE,
    }),
  ],
  ["azurerm_postgresql_flexible_server", spec({ high_availability: ONE, maintenance_window: ONE, authentication: ONE })],
  ["azurerm_recovery_services_vault", spec({ encryption: ONE, monitoring: ONE, identity: ONE })],
  ["azurerm_managed_disk", spec({ encryption_settings: ONE })],
]);

/** The shape spec of a Terraform-style type (empty when the type keeps Pulumi's shape). */
export function shapeFor(type: string): Spec {
  return SHAPES.get(type) ?? EMPTY;
}

const EMPTY: Spec = spec({});

/** The shape of one property inside a spec. */
export function shapeOf(s: Spec, snakeName: string): Shape | undefined {
  return Object.prototype.hasOwnProperty.call(s, snakeName) ? s[snakeName] : undefined;
}
