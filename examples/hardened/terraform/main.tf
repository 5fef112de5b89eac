# The orders service's data layer, production workspace, done right. `plan.json` beside this
# folder is `terraform show -json` of a plan of this configuration; policy-check reads the
# lifecycle blocks from here (--tf-dir) because plan JSON does not carry them.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]

  assume_role {
    role_arn     = "arn:aws:iam::111122223333:role/orders-terraform"
    duration     = "1h"
    session_name = "policy-check-plan"
  }
}

variable "db_instance_class" {
  type    = string
  default = "db.r6g.xlarge"
}

locals {
  tags = { Environment = "production", Service = "orders-api", ManagedBy = "terraform" }
}

resource "aws_ebs_volume" "orders_data" {
  availability_zone = "us-east-1a"
  size              = 500
  type              = "gp3"
  encrypted         = true
  tags              = merge(local.tags, { Name = "orders-postgres-data" })

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_dlm_lifecycle_policy" "orders_data" {
  description        = "orders-postgres-data snapshots, copied to us-west-2"
  execution_role_arn = "arn:aws:iam::111122223333:role/orders-dlm"
  state              = "ENABLED"
  tags               = merge(local.tags, { Name = "orders-dlm" })

  policy_details {
    resource_types = ["VOLUME"]
    target_tags    = { Name = "orders-postgres-data" }

    schedule {
      name      = "twice-daily"
      copy_tags = true

      create_rule {
        interval      = 12
        interval_unit = "HOURS"
        times         = ["03:00"]
      }

      retain_rule {
        count = 14
      }

      cross_region_copy_rule {
        target    = "us-west-2"
        encrypted = true
        cmk_arn   = "arn:aws:kms:us-west-2:111122223333:key/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e"
        copy_tags = true
        retain_rule {
          interval      = 30
          interval_unit = "DAYS"
        }
      }
    }
  }
}

resource "aws_db_instance" "orders" {
  identifier                  = "orders-db"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = var.db_instance_class
  allocated_storage           = 200
  storage_type                = "gp3"
  storage_encrypted           = true
  multi_az                    = true
  db_name                     = "orders"
  username                    = "orders_admin"
  manage_master_user_password = true
  db_subnet_group_name        = "orders-db"
  backup_retention_period     = 14
  backup_window               = "03:00-04:00"
  copy_tags_to_snapshot       = true
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = "orders-db-final"
  delete_automated_backups    = false
  tags                        = merge(local.tags, { Name = "orders-db" })

  lifecycle {
    prevent_destroy = true
  }
}

provider "aws" {
  alias               = "dr"
  region              = "us-west-2"
  allowed_account_ids = ["111122223333"]
}

resource "aws_db_instance_automated_backups_replication" "orders" {
  provider               = aws.dr
  source_db_instance_arn = aws_db_instance.orders.arn
  retention_period       = 14
  kms_key_id             = "arn:aws:kms:us-west-2:111122223333:key/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e"
}

resource "aws_backup_vault" "orders" {
  name        = "orders"
  kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/6f1d2c3b-8a9e-4f5d-b1c2-0a9e8d7c6b5a"
  tags        = merge(local.tags, { Name = "orders-vault" })

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_backup_vault_lock_configuration" "orders" {
  backup_vault_name  = aws_backup_vault.orders.name
  min_retention_days = 14
  max_retention_days = 400
}

resource "aws_backup_plan" "orders" {
  name = "orders-daily"
  tags = merge(local.tags, { Name = "orders-backup-plan" })

  rule {
    rule_name                = "daily"
    target_vault_name        = aws_backup_vault.orders.name
    schedule                 = "cron(0 5 ? * * *)"
    enable_continuous_backup = true

    lifecycle {
      delete_after = 35
    }

    # the copy lives in the backup account, in another region
    copy_action {
      destination_vault_arn = "arn:aws:backup:us-west-2:444455556666:backup-vault:orders-dr"
      lifecycle {
        delete_after = 90
      }
    }
  }
}

resource "aws_backup_selection" "orders" {
  name         = "orders-data"
  plan_id      = aws_backup_plan.orders.id
  iam_role_arn = "arn:aws:iam::111122223333:role/orders-backup"

  selection_tag {
    type  = "STRINGEQUALS"
    key   = "Service"
    value = "orders-api"
  }
}

# CI deploys through GitHub's OIDC, limited to this repository's production environment: no
# long-lived access key exists, and the role cannot delete data.
resource "aws_iam_role" "deploy" {
  name                 = "orders-deploy"
  path                 = "/ci/"
  max_session_duration = 3600
  description          = "GitHub Actions deploy role for acme/orders (production environment)"
  tags                 = merge(local.tags, { Name = "orders-deploy" })

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:acme/orders:environment:production"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "deploy" {
  name = "deploy"
  role = aws_iam_role.deploy.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DeployService"
        Effect   = "Allow"
        Action   = ["ecs:UpdateService", "ecs:DescribeServices", "ecs:RegisterTaskDefinition", "ecr:GetAuthorizationToken", "ecr:BatchGetImage"]
        Resource = ["arn:aws:ecs:us-east-1:111122223333:service/orders/orders-api", "arn:aws:ecr:us-east-1:111122223333:repository/orders-api"]
      },
      {
        Sid      = "NoDataDeletion"
        Effect   = "Deny"
        Action   = ["ec2:DeleteVolume", "rds:DeleteDBInstance", "backup:DeleteRecoveryPoint", "backup:DeleteBackupVault"]
        Resource = "*"
      }
    ]
  })
}
