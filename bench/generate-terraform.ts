/**
 * Deterministic generator of a Terraform corpus for the benchmark.
 *
 * `generate(dir, { resources, files })` writes about `resources` resource
 * instances (after `count` / `for_each` / module expansion, the number
 * `terraform plan` would show) in about `files` files:
 *
 *   <dir>/modules/ecs-service/   local module (5 instances per call)
 *   <dir>/modules/rds-instance/  local module (3 instances per call)
 *   <dir>/stacks/<name>/         root modules: versions.tf, variables.tf,
 *                                terraform.tfvars, locals.tf, network.tf,
 *                                ecs.tf, then component files (ECS services,
 *                                module calls, Aurora, RDS, security groups,
 *                                IAM, storage, messaging, monitoring)
 *
 * The same options always produce byte-identical output (seeded PRNG, no
 * clock, no environment). The mix includes the constructs the scanner must
 * handle on real code: for_each over maps and sets, count, conditionals, for
 * expressions, splats, cidrsubnet, merge, jsonencode, heredocs, dynamic
 * blocks, nested blocks, module calls with for_each, sensitive variables and
 * variables with no value (unknowns), and the availability defects the rules
 * look for (single NAT gateway, min_capacity 1, one-AZ services, short
 * backups, single-AZ databases).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../test/support/random.js';

export interface GenerateOptions {
  /** Target number of resource instances (default 1000). */
  resources?: number;
  /** Target number of files, `.tf` and `.tfvars` (default resources / 20). */
  files?: number;
  /** PRNG seed; defaults to one derived from the sizes. */
  seed?: number;
}

export interface CorpusStats {
  dir: string;
  stacks: number;
  /** Every file written (`.tf` and `terraform.tfvars`). */
  files: number;
  tfFiles: number;
  /** `resource` blocks as written. */
  resourceBlocks: number;
  /** Resource instances after count / for_each / module expansion. */
  resourceInstances: number;
  moduleCalls: number;
  bytes: number;
}

/** Written at the corpus root; `generate` only ever clears a directory that has it. */
const MARKER = '.resilint-bench-corpus';

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

const DEPARTMENTS = ['sales', 'mfg', 'iot', 'maint', 'common', 'logistics', 'finance', 'hr', 'retail', 'rnd', 'quality', 'procurement'];
const ENVIRONMENTS = ['prod', 'prod', 'stg', 'dev'];
const SERVICE_WORDS = [
  'auth', 'order', 'inventory', 'planning', 'tracking', 'material', 'telemetry', 'connectivity', 'portal', 'billing',
  'catalog', 'pricing', 'shipping', 'notification', 'search', 'report', 'batch', 'analytics', 'maintenance', 'masterdata',
];
const TIERS = [['critical', 3], ['high', 4], ['medium', 3]] as const;
const AZS = ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'];

type ComponentKind = 'ecs' | 'ecs-module' | 'aurora' | 'rds' | 'security' | 'iam' | 'storage' | 'messaging' | 'monitoring';

const COMPONENT_WEIGHTS: readonly (readonly [ComponentKind, number])[] = [
  ['ecs', 3], ['ecs-module', 2], ['aurora', 2], ['rds', 1], ['security', 2], ['iam', 2], ['storage', 2], ['messaging', 1], ['monitoring', 1],
];

const FILE_PREFIX: Record<ComponentKind, string> = {
  ecs: 'ecs_services',
  'ecs-module': 'services',
  aurora: 'aurora',
  rds: 'rds',
  security: 'security_groups',
  iam: 'iam',
  storage: 'storage',
  messaging: 'messaging',
  monitoring: 'monitoring',
};

interface Item {
  text: string;
  blocks: number;
  instances: number;
}

/** Per-stack state: unique names and what tfvars must define. */
interface StackState {
  name: string;
  index: number;
  env: string;
  dept: string;
  serviceNames: string[];
  counters: Map<string, number>;
  moduleCalls: number;
}

function nextName(st: StackState, kind: string): number {
  const n = (st.counters.get(kind) ?? 0) + 1;
  st.counters.set(kind, n);
  return n;
}

function serviceName(rng: Rng, st: StackState): string {
  const base = rng.pick(SERVICE_WORDS);
  const n = nextName(st, `svc:${base}`);
  const name = n === 1 ? base : `${base}${n}`;
  st.serviceNames.push(name);
  return name;
}

const pad = (n: number): string => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------
// Shared local modules
// ---------------------------------------------------------------------------

const ECS_SERVICE_MODULE_INSTANCES = 5;
const RDS_MODULE_INSTANCES = 3;

function moduleFiles(): Record<string, string> {
  return {
    'modules/ecs-service/variables.tf': `variable "name" {
  description = "Service name, also the task definition family."
  type        = string
}

variable "cluster_id" {
  type = string
}

variable "cluster_name" {
  type = string
}

variable "subnet_ids" {
  description = "Subnets the tasks run in; Fargate spreads tasks over their AZs."
  type        = list(string)
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "image" {
  type = string
}

variable "execution_role_arn" {
  type = string
}

variable "cpu" {
  type    = number
  default = 512
}

variable "memory" {
  type    = number
  default = 1024
}

variable "desired_count" {
  type    = number
  default = 2
}

variable "min_capacity" {
  type    = number
  default = 2
}

variable "max_capacity" {
  type    = number
  default = 10
}

variable "cpu_target" {
  type    = number
  default = 50
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
    'modules/ecs-service/main.tf': `data "aws_region" "current" {}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/\${var.name}"
  retention_in_days = 30

  tags = var.tags
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = var.execution_role_arn

  container_definitions = jsonencode([
    {
      name         = var.name
      image        = var.image
      essential    = true
      portMappings = [{ containerPort = 8080, protocol = "tcp" }]
      healthCheck = {
        command  = ["CMD-SHELL", "curl -fs http://localhost:8080/health || exit 1"]
        interval = 10
        retries  = 3
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.this.name
          "awslogs-region"        = data.aws_region.current.name
          "awslogs-stream-prefix" = var.name
        }
      }
    }
  ])

  tags = var.tags
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_id
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count]
  }

  tags = var.tags
}

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/\${var.cluster_name}/\${aws_ecs_service.this.name}"
  min_capacity       = var.min_capacity
  max_capacity       = var.max_capacity
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "\${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  target_tracking_scaling_policy_configuration {
    target_value = var.cpu_target

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
`,
    'modules/ecs-service/outputs.tf': `output "service_name" {
  value = aws_ecs_service.this.name
}

output "task_definition_arn" {
  value = aws_ecs_task_definition.this.arn
}
`,
    'modules/rds-instance/variables.tf': `variable "identifier" {
  type = string
}

variable "engine_version" {
  type    = string
  default = "15.5"
}

variable "instance_class" {
  type    = string
  default = "db.m6g.large"
}

variable "allocated_storage" {
  type    = number
  default = 100
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "multi_az" {
  type    = bool
  default = true
}

variable "backup_retention_period" {
  type    = number
  default = 7
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
    'modules/rds-instance/main.tf': `resource "aws_db_subnet_group" "this" {
  name       = "\${var.identifier}-subnets"
  subnet_ids = var.subnet_ids

  tags = var.tags
}

resource "aws_db_parameter_group" "this" {
  name   = "\${var.identifier}-pg"
  family = "postgres\${split(".", var.engine_version)[0]}"

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  tags = var.tags
}

resource "aws_db_instance" "this" {
  identifier                  = var.identifier
  engine                      = "postgres"
  engine_version              = var.engine_version
  instance_class              = var.instance_class
  allocated_storage           = var.allocated_storage
  max_allocated_storage       = var.allocated_storage * 2
  storage_type                = "gp3"
  storage_encrypted           = true
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.this.name
  parameter_group_name        = aws_db_parameter_group.this.name
  vpc_security_group_ids      = var.security_group_ids
  multi_az                    = var.multi_az
  backup_retention_period     = var.backup_retention_period
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = "\${var.identifier}-final"

  tags = merge(var.tags, { Name = var.identifier })
}
`,
    'modules/rds-instance/outputs.tf': `output "endpoint" {
  value = aws_db_instance.this.endpoint
}
`,
  };
}

// ---------------------------------------------------------------------------
// Stack base files
// ---------------------------------------------------------------------------

function versionsTf(st: StackState): string {
  return `terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  backend "s3" {
    bucket         = "technova-terraform-state-${st.env}"
    key            = "${st.name}/terraform.tfstate"
    region         = "ap-northeast-1"
    dynamodb_table = "technova-terraform-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      owner      = "${st.dept}"
      managed-by = "terraform"
      stack      = "${st.name}"
    }
  }
}
`;
}

function variablesTf(): string {
  return `variable "region" {
  type    = string
  default = "ap-northeast-1"
}

variable "environment" {
  type = string
}

variable "department" {
  type = string
}

variable "vpc_cidr" {
  type = string
}

variable "single_nat_gateway" {
  description = "One shared NAT gateway instead of one per AZ."
  type        = bool
  default     = false
}

variable "ecr_registry" {
  type = string
}

variable "image_tags" {
  type    = map(string)
  default = {}
}

variable "default_tier" {
  type    = string
  default = "high"
}

variable "batch_desired_count" {
  description = "Set per run by the scheduler pipeline."
  type        = number
}

variable "alarm_topic_arn" {
  type    = string
  default = null
}
`;
}

function tfvars(rng: Rng, st: StackState, single: boolean): string {
  const tags = [...new Set(st.serviceNames)].sort();
  const width = Math.max(0, ...tags.map((t) => t.length));
  const lines = tags.map((t) => `  ${t.padEnd(width)} = "2024.${rng.int(1, 12)}.${rng.int(1, 28)}"`);
  return `environment        = "${st.env}"
department         = "${st.dept}"
vpc_cidr           = "10.${st.index % 250}.0.0/16"
single_nat_gateway = ${single}
ecr_registry       = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"

image_tags = {
${lines.join('\n')}
}
`;
}

function localsTf(st: StackState): string {
  return `locals {
  name_prefix = "technova-\${var.department}-\${var.environment}"

  azs        = ${JSON.stringify(AZS).replace(/,/g, ', ')}
  primary_az = local.azs[0]

  private_subnet_cidrs = { for i, az in local.azs : az => cidrsubnet(var.vpc_cidr, 4, i) }
  public_subnet_cidrs  = { for i, az in local.azs : az => cidrsubnet(var.vpc_cidr, 8, 240 + i) }
  nat_gateway_azs      = var.single_nat_gateway ? [local.primary_az] : local.azs

  common_tags = {
    department  = var.department
    environment = var.environment
    stack       = "${st.name}"
  }
}
`;
}

/** Returns the text and the instances for a single-NAT layout and a per-AZ layout. */
function networkTf(): { text: string; blocks: number; instances: (single: boolean) => number } {
  const text = `resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-vpc", tier = "critical" })
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags   = merge(local.common_tags, { Name = "\${local.name_prefix}-igw" })
}

resource "aws_subnet" "public" {
  for_each = local.public_subnet_cidrs

  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = each.value

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-public-\${each.key}" })
}

resource "aws_subnet" "private" {
  for_each = local.private_subnet_cidrs

  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = each.value

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-private-\${each.key}" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = local.common_tags
}

resource "aws_route_table_association" "public" {
  for_each = aws_subnet.public

  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_eip" "nat" {
  for_each = toset(local.nat_gateway_azs)
  domain   = "vpc"
  tags     = local.common_tags
}

resource "aws_nat_gateway" "this" {
  for_each = toset(local.nat_gateway_azs)

  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.public[each.key].id

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-nat-\${each.key}", tier = "critical" })

  depends_on = [aws_internet_gateway.main]
}

resource "aws_route_table" "private" {
  for_each = local.private_subnet_cidrs

  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.this[var.single_nat_gateway ? local.primary_az : each.key].id
  }

  tags = local.common_tags
}

resource "aws_route_table_association" "private" {
  for_each = aws_subnet.private

  subnet_id      = each.value.id
  route_table_id = aws_route_table.private[each.key].id
}

resource "aws_db_subnet_group" "main" {
  name       = "\${local.name_prefix}-db"
  subnet_ids = values(aws_subnet.private)[*].id
  tags       = local.common_tags
}

resource "aws_security_group" "services" {
  name   = "\${local.name_prefix}-services"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.common_tags
}
`;
  // vpc, igw, 3 public, 3 private, public rt, 3 public assoc, 3 private rt, 3 private assoc, db subnet group, sg = 20,
  // + one eip and one nat gateway per NAT AZ.
  return { text, blocks: 12, instances: (single) => 20 + 2 * (single ? 1 : 3) };
}

function ecsTf(): Item {
  return {
    text: `resource "aws_ecs_cluster" "main" {
  name = "\${local.name_prefix}-cluster"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = local.common_tags
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "ecs_task_execution" {
  name               = "\${local.name_prefix}-ecs-task-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = local.common_tags
}

resource "aws_iam_role_policy_attachment" "ecs_task_execution" {
  role       = aws_iam_role.ecs_task_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}
`,
    blocks: 3,
    instances: 3,
  };
}

// ---------------------------------------------------------------------------
// Component items
// ---------------------------------------------------------------------------

function tierExpr(rng: Rng): string {
  return rng.chance(0.1) ? 'var.default_tier' : `"${rng.weighted(TIERS)}"`;
}

function subnetsExpr(rng: Rng): string {
  return rng.weighted([
    ['values(aws_subnet.private)[*].id', 6],
    ['[for s in aws_subnet.private : s.id]', 3],
    ['[aws_subnet.private[local.primary_az].id]', 2],
  ] as const);
}

function ecsItem(rng: Rng, st: StackState): Item {
  const svc = serviceName(rng, st);
  const r = svc.replace(/[^a-z0-9_]/g, '_');
  const desired = rng.chance(0.06) ? 'var.batch_desired_count' : String(rng.int(1, 6));
  const min = rng.weighted([[1, 2], [2, 6], [3, 2]] as const);
  const scaling = rng.chance(0.75);
  const tier = tierExpr(rng);
  const cpu = rng.pick([256, 512, 1024, 2048]);
  let text = `resource "aws_cloudwatch_log_group" "${r}" {
  name              = "/ecs/\${local.name_prefix}/${svc}"
  retention_in_days = ${rng.pick([14, 30, 90])}
  tags              = local.common_tags
}

resource "aws_ecs_task_definition" "${r}" {
  family                   = "\${local.name_prefix}-${svc}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = ${cpu}
  memory                   = ${cpu * rng.pick([2, 4])}
  execution_role_arn       = aws_iam_role.ecs_task_execution.arn

  container_definitions = jsonencode([
    {
      name      = "${svc}"
      image     = "\${var.ecr_registry}/${svc}:\${lookup(var.image_tags, "${svc}", "latest")}"
      essential = true
      portMappings = [
        { containerPort = 8080, protocol = "tcp" }
      ]
      environment = [
        { name = "SERVICE_NAME", value = "${svc}" },
        { name = "ENVIRONMENT", value = var.environment },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.${r}.name
          "awslogs-region"        = var.region
          "awslogs-stream-prefix" = "${svc}"
        }
      }
    }
  ])

  tags = local.common_tags
}

resource "aws_ecs_service" "${r}" {
  name            = "\${local.name_prefix}-${svc}"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.${r}.arn
  desired_count   = ${desired}
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ${subnetsExpr(rng)}
    security_groups  = [aws_security_group.services.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = ${rng.chance(0.8)}
  }

  tags = merge(local.common_tags, { tier = ${tier}, service = "${svc}" })
}
`;
  let blocks = 3;
  if (scaling) {
    text += `
resource "aws_appautoscaling_target" "${r}" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/\${aws_ecs_cluster.main.name}/\${aws_ecs_service.${r}.name}"
  min_capacity       = ${min}
  max_capacity       = ${rng.int(6, 20)}
}

resource "aws_appautoscaling_policy" "${r}_cpu" {
  name               = "${svc}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.${r}.service_namespace
  scalable_dimension = aws_appautoscaling_target.${r}.scalable_dimension
  resource_id        = aws_appautoscaling_target.${r}.resource_id

  target_tracking_scaling_policy_configuration {
    target_value = 50

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
`;
    blocks += 2;
  }
  return { text, blocks, instances: blocks };
}

function ecsModuleItem(rng: Rng, st: StackState, room: number): Item {
  st.moduleCalls++;
  const tier = tierExpr(rng);
  const common = `  cluster_id         = aws_ecs_cluster.main.id
  cluster_name       = aws_ecs_cluster.main.name
  execution_role_arn = aws_iam_role.ecs_task_execution.arn
  subnet_ids         = ${subnetsExpr(rng)}
  security_group_ids = [aws_security_group.services.id]`;
  if (room >= 3 * ECS_SERVICE_MODULE_INSTANCES && rng.chance(0.35)) {
    // A family of workers from one module block.
    const base = serviceName(rng, st);
    const workers = ['ingest', 'transform', 'export'];
    const text = `module "${base}_workers" {
  source   = "../../modules/ecs-service"
  for_each = toset(${JSON.stringify(workers).replace(/,/g, ', ')})

${common}

  name          = "\${local.name_prefix}-${base}-\${each.key}"
  image         = "\${var.ecr_registry}/${base}-\${each.key}:\${lookup(var.image_tags, "${base}", "latest")}"
  desired_count = 2
  min_capacity  = ${rng.int(1, 3)}
  max_capacity  = 6

  tags = merge(local.common_tags, { tier = ${tier}, service = "${base}-\${each.key}" })
}
`;
    return { text, blocks: 0, instances: workers.length * ECS_SERVICE_MODULE_INSTANCES };
  }
  const svc = serviceName(rng, st);
  const cpu = rng.pick([512, 1024]);
  const text = `module "svc_${svc}" {
  source = "../../modules/ecs-service"

${common}

  name          = "\${local.name_prefix}-${svc}"
  image         = "\${var.ecr_registry}/${svc}:\${lookup(var.image_tags, "${svc}", "latest")}"
  cpu           = ${cpu}
  memory        = ${cpu * 2}
  desired_count = ${rng.int(2, 6)}
  min_capacity  = ${rng.weighted([[1, 1], [2, 6], [3, 2]] as const)}
  max_capacity  = ${rng.int(6, 20)}

  tags = merge(local.common_tags, { tier = ${tier}, service = "${svc}" })
}
`;
  return { text, blocks: 0, instances: ECS_SERVICE_MODULE_INSTANCES };
}

function auroraItem(rng: Rng, st: StackState): Item {
  const n = nextName(st, 'aurora');
  const name = `${rng.pick(SERVICE_WORDS)}_${n}`;
  const ident = `aurora-${st.dept}-${name.replace(/_/g, '-')}`;
  const pg = rng.chance(0.5);
  const members = rng.int(2, 3);
  const backup = rng.weighted([[7, 6], [5, 2], [3, 1], [1, 1]] as const);
  const az = rng.chance(0.15) ? 'local.primary_az' : 'local.azs[count.index % length(local.azs)]';
  let text = `resource "aws_rds_cluster" "${name}" {
  cluster_identifier          = "${ident}"
  engine                      = "${pg ? 'aurora-postgresql' : 'aurora-mysql'}"
  engine_version              = "${pg ? '15.4' : '8.0.mysql_aurora.3.05.2'}"
  database_name               = "${name}"
  master_username             = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.main.name
  vpc_security_group_ids      = [aws_security_group.services.id]
  storage_encrypted           = true
  backup_retention_period     = ${backup}
  preferred_backup_window     = "${pad(rng.int(15, 19))}:00-${pad(rng.int(20, 21))}:00"
  deletion_protection         = ${st.env === 'prod'}
  skip_final_snapshot         = ${st.env !== 'prod'}
`;
  if (rng.chance(0.3)) {
    text += `
  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = ${rng.pick([16, 32, 64])}
  }
`;
  }
  text += `
  tags = merge(local.common_tags, { tier = ${tierExpr(rng)} })
}

resource "aws_rds_cluster_instance" "${name}" {
  count = ${members}

  identifier         = "${ident}-\${count.index + 1}"
  cluster_identifier = aws_rds_cluster.${name}.id
  engine             = aws_rds_cluster.${name}.engine
  engine_version     = aws_rds_cluster.${name}.engine_version
  instance_class     = "${rng.pick(['db.r6g.large', 'db.r6g.xlarge', 'db.serverless'])}"
  availability_zone  = ${az}

  tags = local.common_tags
}
`;
  return { text, blocks: 2, instances: 1 + members };
}

function rdsItem(rng: Rng, st: StackState): Item {
  const n = nextName(st, 'rds');
  const word = rng.pick(SERVICE_WORDS);
  if (rng.chance(0.5)) {
    st.moduleCalls++;
    const backup = rng.chance(0.2) ? '\n\n  backup_retention_period = 1' : '';
    return {
      text: `module "${word}_db_${n}" {
  source = "../../modules/rds-instance"

  identifier         = "\${local.name_prefix}-${word}-${n}"
  engine_version     = "${rng.pick(['13.13', '14.10', '15.5'])}"
  subnet_ids         = values(aws_subnet.private)[*].id
  security_group_ids = [aws_security_group.services.id]
  multi_az           = ${rng.chance(0.7)}${backup}

  tags = merge(local.common_tags, { tier = ${tierExpr(rng)} })
}
`,
      blocks: 0,
      instances: RDS_MODULE_INSTANCES,
    };
  }
  const retention = rng.chance(0.2) ? '' : `\n  backup_retention_period     = ${rng.pick([1, 3, 5, 7, 14])}`;
  return {
    text: `resource "aws_db_instance" "${word}_${n}" {
  identifier                  = "\${local.name_prefix}-${word}-${n}"
  engine                      = "postgres"
  engine_version              = "15.5"
  instance_class              = "db.t4g.large"
  allocated_storage           = ${rng.pick([50, 100, 200])}
  storage_type                = "gp3"
  username                    = "app_admin"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.main.name
  multi_az                    = ${rng.chance(0.6)}${retention}
  skip_final_snapshot         = true

  tags = merge(local.common_tags, { tier = ${tierExpr(rng)} })
}
`,
    blocks: 1,
    instances: 1,
  };
}

function securityItem(rng: Rng, st: StackState): Item {
  const n = nextName(st, 'sg');
  const ports = [...new Set(Array.from({ length: rng.int(1, 4) }, () => rng.pick([80, 443, 5432, 3306, 6379, 8080, 9092])))];
  return {
    text: `resource "aws_security_group" "app_${n}" {
  name        = "\${local.name_prefix}-app-${n}"
  description = "Application tier ${n}"
  vpc_id      = aws_vpc.main.id

  dynamic "ingress" {
    for_each = ${JSON.stringify(ports).replace(/,/g, ', ')}
    content {
      description = "tcp/\${ingress.value}"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [var.vpc_cidr]
    }
  }

  ingress {
    description     = "from services"
    from_port       = 0
    to_port         = 65535
    protocol        = "tcp"
    security_groups = [aws_security_group.services.id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-app-${n}" })
}
`,
    blocks: 1,
    instances: 1,
  };
}

function iamItem(rng: Rng, st: StackState): Item {
  const n = nextName(st, 'iam');
  const word = rng.pick(SERVICE_WORDS);
  return {
    text: `resource "aws_iam_role" "${word}_task_${n}" {
  name = "\${local.name_prefix}-${word}-task-${n}"

  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "Service": "ecs-tasks.amazonaws.com" },
          "Action": "sts:AssumeRole"
        }
      ]
    }
  EOF

  tags = local.common_tags
}

resource "aws_iam_policy" "${word}_task_${n}" {
  name        = "\${local.name_prefix}-${word}-task-${n}"
  description = "Runtime permissions of ${word}"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::technova-\${var.environment}-${word}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
        Resource = "arn:aws:sqs:\${var.region}:*:\${local.name_prefix}-*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "${word}_task_${n}" {
  role       = aws_iam_role.${word}_task_${n}.name
  policy_arn = aws_iam_policy.${word}_task_${n}.arn
}
`,
    blocks: 3,
    instances: 3,
  };
}

function storageItem(rng: Rng, st: StackState): Item {
  const n = nextName(st, 's3');
  const word = rng.pick(SERVICE_WORDS);
  const r = `${word}_${n}`;
  return {
    text: `resource "aws_s3_bucket" "${r}" {
  bucket = "\${local.name_prefix}-${word}-${n}"
  tags   = merge(local.common_tags, { "data-class" = "${rng.pick(['internal', 'confidential', 'public'])}" })
}

resource "aws_s3_bucket_versioning" "${r}" {
  bucket = aws_s3_bucket.${r}.id

  versioning_configuration {
    status = "${rng.chance(0.7) ? 'Enabled' : 'Suspended'}"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "${r}" {
  bucket = aws_s3_bucket.${r}.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}
`,
    blocks: 3,
    instances: 3,
  };
}

function messagingItem(rng: Rng, st: StackState): Item {
  const n = nextName(st, 'sqs');
  const word = rng.pick(SERVICE_WORDS);
  const r = `${word}_events_${n}`;
  return {
    text: `resource "aws_sqs_queue" "${r}_dlq" {
  name                      = "\${local.name_prefix}-${word}-events-${n}-dlq"
  message_retention_seconds = 1209600
  tags                      = local.common_tags
}

resource "aws_sqs_queue" "${r}" {
  name                       = "\${local.name_prefix}-${word}-events-${n}"
  visibility_timeout_seconds = ${rng.pick([30, 60, 300])}
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.${r}_dlq.arn
    maxReceiveCount     = ${rng.int(3, 10)}
  })
  tags = local.common_tags
}

resource "aws_sns_topic" "${r}" {
  name = "\${local.name_prefix}-${word}-events-${n}"
  tags = local.common_tags
}
`,
    blocks: 3,
    instances: 3,
  };
}

function monitoringItem(rng: Rng, st: StackState): Item {
  const n = nextName(st, 'alarm');
  const metric = rng.pick(['CPUUtilization', 'MemoryUtilization']);
  const count = rng.int(1, 3);
  return {
    text: `resource "aws_cloudwatch_metric_alarm" "ecs_${metric.toLowerCase()}_${n}" {
  count = ${count}

  alarm_name          = "\${local.name_prefix}-ecs-${metric}-${n}-\${count.index}"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = "${metric}"
  namespace           = "AWS/ECS"
  period              = 60
  statistic           = "Average"
  threshold           = ${rng.pick([70, 80, 90])}
  alarm_actions       = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]

  dimensions = {
    ClusterName = aws_ecs_cluster.main.name
  }

  tags = local.common_tags
}
`,
    blocks: 1,
    instances: count,
  };
}

function makeItem(kind: ComponentKind, rng: Rng, st: StackState, room: number): Item {
  switch (kind) {
    case 'ecs':
      return ecsItem(rng, st);
    case 'ecs-module':
      return ecsModuleItem(rng, st, room);
    case 'aurora':
      return auroraItem(rng, st);
    case 'rds':
      return rdsItem(rng, st);
    case 'security':
      return securityItem(rng, st);
    case 'iam':
      return iamItem(rng, st);
    case 'storage':
      return storageItem(rng, st);
    case 'messaging':
      return messagingItem(rng, st);
    case 'monitoring':
      return monitoringItem(rng, st);
  }
}

// ---------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------

function prepareDir(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(`${dir} is not empty and was not made by generate(); refusing to clear it`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), 'Generated by bench/generate-terraform.ts; safe to delete.\n');
}

export function generate(dir: string, options: GenerateOptions = {}): CorpusStats {
  const targetResources = Math.max(50, Math.round(options.resources ?? 1000));
  const targetFiles = Math.max(14, Math.round(options.files ?? targetResources / 20));
  const rng = new Rng(options.seed ?? targetResources * 7919 + targetFiles);

  prepareDir(dir);
  const stats: CorpusStats = { dir, stacks: 0, files: 0, tfFiles: 0, resourceBlocks: 0, resourceInstances: 0, moduleCalls: 0, bytes: 0 };
  const write = (rel: string, text: string): void => {
    const path = join(dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    stats.files++;
    if (rel.endsWith('.tf')) stats.tfFiles++;
    stats.bytes += Buffer.byteLength(text);
  };

  const modules = moduleFiles();
  for (const [rel, text] of Object.entries(modules)) write(rel, text);
  // Module blocks count as written once; their instances are counted per call.
  stats.resourceBlocks += ECS_SERVICE_MODULE_INSTANCES + RDS_MODULE_INSTANCES;

  const stackCount = Math.max(2, Math.round(targetFiles / 40));
  const baseFiles = 6; // versions, variables, tfvars, locals, network, ecs
  const usedNames = new Set<string>();

  for (let i = 0; i < stackCount; i++) {
    const stacksLeft = stackCount - i;
    const budget = Math.round((targetResources - stats.resourceInstances) / stacksLeft);
    const fileBudget = Math.round((targetFiles - stats.files) / stacksLeft);
    const dept = DEPARTMENTS[i % DEPARTMENTS.length];
    const env = ENVIRONMENTS[(i + Math.floor(i / DEPARTMENTS.length)) % ENVIRONMENTS.length];
    let name = `technova-${dept}-${env}-app`;
    for (let k = 2; usedNames.has(name); k++) name = `technova-${dept}-${env}-app${k}`;
    usedNames.add(name);
    const st: StackState = { name, index: i, env, dept, serviceNames: [], counters: new Map(), moduleCalls: 0 };

    // Non-production stacks share one NAT gateway; some production ones do too (the defect).
    const single = env !== 'prod' || rng.chance(0.3);
    const network = networkTf();
    const ecs = ecsTf();
    const reserved = network.instances(single) + ecs.instances;
    const componentFiles = Math.max(1, fileBudget - baseFiles);
    const components: { rel: string; text: string }[] = [];
    const counters = new Map<ComponentKind, number>();
    let produced = 0;
    for (let f = 0; f < componentFiles; f++) {
      const target = Math.max(1, Math.round((budget - reserved - produced) / (componentFiles - f)));
      const kind = rng.weighted(COMPONENT_WEIGHTS);
      const c = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, c);
      const parts: string[] = [];
      let inFile = 0;
      while (inFile < target) {
        const item = makeItem(kind, rng, st, target - inFile);
        parts.push(item.text);
        inFile += item.instances;
        stats.resourceBlocks += item.blocks;
      }
      produced += inFile;
      components.push({ rel: `stacks/${name}/${FILE_PREFIX[kind]}_${pad(c)}.tf`, text: parts.join('\n') });
    }

    // tfvars lists the image tag of every service, so it is rendered after the components.
    write(`stacks/${name}/versions.tf`, versionsTf(st));
    write(`stacks/${name}/variables.tf`, variablesTf());
    write(`stacks/${name}/terraform.tfvars`, tfvars(rng, st, single));
    write(`stacks/${name}/locals.tf`, localsTf(st));
    write(`stacks/${name}/network.tf`, network.text);
    write(`stacks/${name}/ecs.tf`, ecs.text);
    for (const c of components) write(c.rel, c.text);

    stats.resourceBlocks += network.blocks + ecs.blocks;
    stats.resourceInstances += network.instances(single) + ecs.instances + produced;
    stats.moduleCalls += st.moduleCalls;
    stats.stacks++;
  }
  return stats;
}

// ---------------------------------------------------------------------------
// Evaluation-heavy corpus
// ---------------------------------------------------------------------------

/**
 * Written by `generateEvalHeavy`: the same scale as `generate`, but every
 * file drives its resources with `for_each` over a variable (a typed map of
 * objects with optional attributes, its entries as the default), and every
 * resource body uses locals, interpolation and `index()`, so that evaluating
 * (not parsing) dominates the per-resource cost. `resourceInstances` counts normalized resources
 * (graph nodes): security groups and route table associations are written
 * but become edges, not nodes, and are not counted.
 *
 *   <dir>/stacks/<name>/  versions.tf, variables.tf, terraform.tfvars,
 *                         locals.tf, network.tf (VPC, subnets and route
 *                         tables per AZ via for_each over locals), then
 *                         component files, each declaring the map variable
 *                         it iterates over (entries as its default):
 *                         services_NN.tf (security group, task definition,
 *                         ECS service per entry), databases_NN.tf (subnet
 *                         group + DB instance per entry), targets_NN.tf
 *                         (target group per entry)
 */
type EvalKind = 'services' | 'databases' | 'targets';
const EVAL_WEIGHTS: readonly (readonly [EvalKind, number])[] = [['services', 5], ['databases', 2], ['targets', 2]];
/**
 * Normalized resources per map entry of each kind of component file (security
 * groups are written too but are not graph resources: they become edges).
 */
const EVAL_PER_ENTRY: Record<EvalKind, number> = { services: 2, databases: 2, targets: 1 };
const EVAL_AZ_COUNT = AZS.length;

function evalVersionsTf(st: StackState): string {
  return `terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      owner      = var.department
      managed-by = "terraform"
      stack      = "${st.name}"
    }
  }
}
`;
}

function evalVariable(kind: EvalKind, varName: string, entries: string): string {
  const type =
    kind === 'services'
      ? `map(object({
    cpu      = number
    memory   = number
    desired  = number
    az_count = number
    port     = number
    tier     = optional(string, "high")
  }))`
      : kind === 'databases'
        ? `map(object({
    engine         = string
    instance_class = string
    storage_gb     = number
    multi_az       = bool
    backup_days    = optional(number, 7)
    tier           = optional(string, "high")
  }))`
        : `map(object({
    port         = number
    health_path  = optional(string, "/health")
    deregister_s = optional(number, 30)
  }))`;
  return `variable "${varName}" {
  description = "${kind} of component ${varName}, keyed by name."
  type = ${type}

  default = {
${entries}
  }
}
`;
}

function evalEntries(rng: Rng, kind: EvalKind, prefix: string, n: number): string {
  const lines: string[] = [];
  const keys = Array.from({ length: n }, (_, i) => `"${prefix}-${rng.pick(SERVICE_WORDS)}${pad(i + 1)}"`);
  const width = Math.max(...keys.map((k) => k.length));
  for (let i = 0; i < n; i++) {
    const key = keys[i].padEnd(width); // terraform fmt aligns the equals signs
    if (kind === 'services') {
      const tier = rng.chance(0.2) ? `, tier = "${rng.pick(['critical', 'medium'])}"` : '';
      lines.push(`    ${key} = { cpu = ${rng.pick([256, 512, 1024])}, memory = ${rng.pick([512, 1024, 2048])}, desired = ${rng.int(1, 4)}, az_count = ${rng.int(1, EVAL_AZ_COUNT)}, port = ${rng.int(3000, 9000)}${tier} }`);
    } else if (kind === 'databases') {
      const backup = rng.chance(0.3) ? `, backup_days = ${rng.int(0, 14)}` : '';
      lines.push(`    ${key} = { engine = "${rng.pick(['postgres', 'mysql'])}", instance_class = "db.${rng.pick(['t3', 'r6g', 'm6g'])}.large", storage_gb = ${rng.int(20, 500)}, multi_az = ${rng.chance(0.6)}${backup} }`);
    } else {
      lines.push(`    ${key} = { port = ${rng.int(3000, 9000)}${rng.chance(0.3) ? `, health_path = "/${rng.pick(SERVICE_WORDS)}/ping"` : ''} }`);
    }
  }
  return lines.join('\n');
}

function evalComponent(kind: EvalKind, v: string, variable: string): string {
  const keys = `local.${v}_keys`;
  const head = `${variable}
locals {
  ${v}_keys = sort(keys(var.${v}))
}
`;
  if (kind === 'services') {
    return `${head}
resource "aws_security_group" "${v}" {
  for_each = var.${v}

  name        = "\${local.name_prefix}-\${each.key}"
  description = "Service \${each.key} (\${index(${keys}, each.key) + 1} of \${length(${keys})}) in \${var.environment}"
  vpc_id      = aws_vpc.main.id

  ingress {
    from_port   = each.value.port
    to_port     = each.value.port
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-\${each.key}-sg", tier = each.value.tier })
}

resource "aws_ecs_task_definition" "${v}" {
  for_each = var.${v}

  family                   = "\${local.name_prefix}-\${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory

  container_definitions = jsonencode([{
    name         = each.key
    image        = "\${var.ecr_registry}/\${each.key}:\${lookup(var.image_tags, each.key, "latest")}"
    essential    = true
    portMappings = [{ containerPort = each.value.port, protocol = "tcp" }]
    environment = [
      { name = "SERVICE_INDEX", value = tostring(index(${keys}, each.key)) },
      { name = "PRIMARY_AZ", value = local.azs[index(${keys}, each.key) % length(local.azs)] },
    ]
  }])

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-\${each.key}-task", tier = each.value.tier })
}

resource "aws_ecs_service" "${v}" {
  for_each = var.${v}

  name            = "\${local.name_prefix}-\${each.key}"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.${v}[each.key].arn
  desired_count   = each.value.desired
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = [for i in range(each.value.az_count) : aws_subnet.private[local.azs[(index(${keys}, each.key) + i) % length(local.azs)]].id]
    security_groups = [aws_security_group.${v}[each.key].id]
  }

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-\${each.key}", tier = each.value.tier })
}
`;
  }
  if (kind === 'databases') {
    return `${head}
resource "aws_db_subnet_group" "${v}" {
  for_each = var.${v}

  name       = "\${local.name_prefix}-\${each.key}"
  subnet_ids = [for az in local.azs : aws_subnet.private[az].id]

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-\${each.key}-subnets" })
}

resource "aws_db_instance" "${v}" {
  for_each = var.${v}

  identifier              = "\${local.name_prefix}-\${each.key}"
  engine                  = each.value.engine
  instance_class          = each.value.instance_class
  allocated_storage       = each.value.storage_gb
  multi_az                = each.value.multi_az
  availability_zone       = each.value.multi_az ? null : local.azs[index(${keys}, each.key) % length(local.azs)]
  backup_retention_period = each.value.backup_days
  db_subnet_group_name    = aws_db_subnet_group.${v}[each.key].name
  skip_final_snapshot     = var.environment != "prod"

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-\${each.key}-db", tier = each.value.tier })
}
`;
  }
  return `${head}
resource "aws_lb_target_group" "${v}" {
  for_each = var.${v}

  name                 = substr("\${var.environment}-\${each.key}", 0, 32)
  port                 = each.value.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = aws_vpc.main.id
  deregistration_delay = each.value.deregister_s

  health_check {
    path     = each.value.health_path
    matcher  = "200-\${299 - index(${keys}, each.key) % 2}"
    interval = 15 + 5 * (index(${keys}, each.key) % 3)
  }

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-\${each.key}-tg" })
}
`;
}

function evalNetworkTf(): { text: string; instances: number } {
  const text = `resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-vpc" })
}

resource "aws_subnet" "private" {
  for_each = local.private_subnet_cidrs

  vpc_id            = aws_vpc.main.id
  cidr_block        = each.value
  availability_zone = each.key

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-private-\${substr(each.key, -1, 1)}", az_index = index(local.azs, each.key) })
}

resource "aws_route_table" "private" {
  for_each = local.private_subnet_cidrs

  vpc_id = aws_vpc.main.id

  tags = merge(local.common_tags, { Name = "\${local.name_prefix}-private-rt-\${index(local.azs, each.key)}" })
}

resource "aws_route_table_association" "private" {
  for_each = local.private_subnet_cidrs

  subnet_id      = aws_subnet.private[each.key].id
  route_table_id = aws_route_table.private[each.key].id
}

resource "aws_ecs_cluster" "main" {
  name = "\${local.name_prefix}-cluster"

  setting {
    name  = "containerInsights"
    value = var.environment == "prod" ? "enabled" : "disabled"
  }

  tags = local.common_tags
}
`;
  // VPC, subnets, route tables and the cluster; the associations are no graph resources.
  return { text, instances: 1 + 2 * EVAL_AZ_COUNT + 1 };
}

/** Like `generate`, but every file is evaluation-heavy (see above); `resources` counts normalized resources. */
export function generateEvalHeavy(dir: string, options: GenerateOptions = {}): CorpusStats {
  const targetResources = Math.max(50, Math.round(options.resources ?? 1000));
  const targetFiles = Math.max(14, Math.round(options.files ?? targetResources / 20));
  const rng = new Rng(options.seed ?? targetResources * 104729 + targetFiles);

  prepareDir(dir);
  const stats: CorpusStats = { dir, stacks: 0, files: 0, tfFiles: 0, resourceBlocks: 0, resourceInstances: 0, moduleCalls: 0, bytes: 0 };
  const write = (rel: string, text: string): void => {
    const path = join(dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    stats.files++;
    if (rel.endsWith('.tf')) stats.tfFiles++;
    stats.bytes += Buffer.byteLength(text);
  };

  const stackCount = Math.max(2, Math.round(targetFiles / 40));
  const baseFiles = 5; // versions, variables, tfvars, locals, network
  for (let i = 0; i < stackCount; i++) {
    const stacksLeft = stackCount - i;
    const budget = Math.round((targetResources - stats.resourceInstances) / stacksLeft);
    const fileBudget = Math.round((targetFiles - stats.files) / stacksLeft);
    const dept = DEPARTMENTS[i % DEPARTMENTS.length];
    const env = ENVIRONMENTS[i % ENVIRONMENTS.length];
    const name = `technova-${dept}-${env}-eval${pad(i + 1)}`;
    const st: StackState = { name, index: i, env, dept, serviceNames: [], counters: new Map(), moduleCalls: 0 };

    const network = evalNetworkTf();
    const componentFiles = Math.max(1, fileBudget - baseFiles);
    const components: { rel: string; text: string }[] = [];
    const counters = new Map<EvalKind, number>();
    let produced = 0;
    for (let f = 0; f < componentFiles; f++) {
      const target = Math.max(1, Math.round((budget - network.instances - produced) / (componentFiles - f)));
      const kind = rng.weighted(EVAL_WEIGHTS);
      const c = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, c);
      const v = `${kind}_${pad(c)}`;
      const entries = Math.max(1, Math.round(target / EVAL_PER_ENTRY[kind]));
      const variable = evalVariable(kind, v, evalEntries(rng, kind, `${kind.slice(0, 3)}${pad(c)}`, entries));
      components.push({ rel: `stacks/${name}/${v}.tf`, text: evalComponent(kind, v, variable) });
      produced += entries * EVAL_PER_ENTRY[kind];
      stats.resourceBlocks += kind === 'services' ? 3 : EVAL_PER_ENTRY[kind];
    }

    write(`stacks/${name}/versions.tf`, evalVersionsTf(st));
    write(`stacks/${name}/variables.tf`, variablesTf());
    write(
      `stacks/${name}/terraform.tfvars`,
      `environment  = "${env}"\ndepartment   = "${dept}"\nvpc_cidr     = "10.${i % 250}.0.0/16"\necr_registry = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"\n`,
    );
    write(`stacks/${name}/locals.tf`, localsTf(st));
    write(`stacks/${name}/network.tf`, network.text);
    for (const c of components) write(c.rel, c.text);
    stats.resourceBlocks += 6;
    stats.resourceInstances += network.instances + produced;
    stats.stacks++;
  }
  return stats;
}
