# Navigator as a Nomad service job: one group per role (api, agent, ingest), each running the
# compiled `navigator` binary (bun run build) with the exec driver. Secrets come from the Nomad
# Variable at nomad/jobs/navigator (see variables.example.nv.hcl); everything else is below or
# in the job variables (see navigator.example.vars.hcl). The schema is migrated by the batch job
# in migrate.nomad.hcl before each release: these servers never change it themselves.
#
#   nomad job run -var-file=navigator.vars.hcl deploy/nomad/navigator.nomad.hcl
#
# Rehearse it without a cluster: bun run navigator rehearse deploy/nomad/navigator.nomad.hcl
# (see deploy/RUNBOOK.md). Every environment variable is described in README.md "Configuration".

variable "datacenters" {
  type        = list(string)
  default     = ["dc1"]
  description = "Datacenters the job may run in."
}

variable "artifact_url" {
  type        = string
  description = "URL of the release tarball navigator-linux-x64.tar.gz made by `bun run build` (holds the one file `navigator`)."
}

variable "artifact_sha256" {
  type        = string
  description = "SHA-256 of the tarball (bun run build prints it and writes navigator-linux-x64.tar.gz.sha256)."
}

variable "nats_url" {
  type        = string
  description = "NATS_URL of every node: NATS servers with JetStream, comma-separated (e.g. the job in nats.nomad.hcl)."
}

variable "nats_prefix" {
  type        = string
  default     = "navigator"
  description = "NATS_PREFIX: subjects, KV bucket and stream names of this deployment."
}

variable "api_count" {
  type        = number
  default     = 2
  description = "Allocations of the api group (HTTP)."
}

variable "agent_count" {
  type        = number
  default     = 2
  description = "Allocations of the agent group (UserAgent actors)."
}

variable "ingest_count" {
  type        = number
  default     = 2
  description = "Allocations of the ingest group (ingestion workers)."
}

variable "ingest_concurrency" {
  type        = number
  default     = 2
  description = "INGEST_CONCURRENCY: ingestion jobs one ingest allocation runs at once (memory grows with it)."
}

variable "log_level" {
  type        = string
  default     = "info"
  description = "LOG_LEVEL of every node."
}

job "navigator" {
  type        = "service"
  datacenters = var.datacenters

  meta {
    artifact_sha256 = var.artifact_sha256
  }

  # Rolling updates, one canary per group first. A canary is healthy when its checks have passed
  # for min_healthy_time; auto_promote then replaces the rest one at a time, and a deployment that
  # does not become healthy in time is rolled back to the last stable version (auto_revert).
  update {
    max_parallel      = 1
    canary            = 1
    auto_promote      = true
    auto_revert       = true
    health_check      = "checks"
    min_healthy_time  = "20s"
    healthy_deadline  = "3m"
    progress_deadline = "10m"
  }

  group "api" {
    count = var.api_count

    spread {
      attribute = "${node.unique.id}"
    }

    network {
      port "http" {}
      port "metrics" {}
    }

    restart {
      attempts = 3
      interval = "5m"
      delay    = "10s"
      mode     = "fail"
    }

    reschedule {
      delay          = "30s"
      delay_function = "exponential"
      max_delay      = "10m"
      unlimited      = true
    }

    # Load balancers find the api allocations through this service (nomadService "navigator-api").
    # ready: database, migrations, NATS, blob store answer and the node is not stopping; it turns
    # 503 at SIGTERM, before the node drains. live: the process answers; only a failing liveness
    # check restarts the task (a database outage makes every node unready, and restarting them
    # would not help: they recover on their own when it returns).
    service {
      provider = "nomad"
      name     = "navigator-api"
      port     = "http"
      tags     = ["api"]

      check {
        name     = "ready"
        type     = "http"
        path     = "/health/ready"
        interval = "10s"
        timeout  = "3s"
      }

      check {
        name     = "live"
        type     = "http"
        path     = "/health/live"
        interval = "10s"
        timeout  = "3s"

        check_restart {
          limit = 3
          grace = "30s"
        }
      }
    }

    # Scraped by Prometheus through Nomad service discovery (deploy/observability).
    service {
      provider = "nomad"
      name     = "navigator-metrics"
      port     = "metrics"
      tags     = ["metrics", "role=api"]
    }

    task "navigator" {
      driver = "exec"

      artifact {
        source      = var.artifact_url
        destination = "local/"

        options {
          checksum = "sha256:${var.artifact_sha256}"
        }
      }

      config {
        command = "local/navigator"
        args    = ["serve", "--roles", "api"]
      }

      template {
        destination = "${NOMAD_SECRETS_DIR}/navigator.env"
        env         = true
        change_mode = "restart"
        splay       = "60s"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs/navigator" }}
          {{- with .JWT_SECRET }}JWT_SECRET={{ . }}{{ end }}
          {{ with .DATABASE_URL }}DATABASE_URL={{ . }}{{ end }}
          {{ with .S3_BUCKET }}S3_BUCKET={{ . }}{{ end }}
          {{ with .S3_ENDPOINT }}S3_ENDPOINT={{ . }}{{ end }}
          {{ with .S3_REGION }}S3_REGION={{ . }}{{ end }}
          {{ with .S3_ACCESS_KEY_ID }}S3_ACCESS_KEY_ID={{ . }}{{ end }}
          {{ with .S3_SECRET_ACCESS_KEY }}S3_SECRET_ACCESS_KEY={{ . }}{{ end }}
          {{ with .OPENAI_API_KEY }}OPENAI_API_KEY={{ . }}{{ end }}
          {{ with .BLOB_ENCRYPTION_KEY }}BLOB_ENCRYPTION_KEY={{ . }}{{ end }}
          {{- end }}
        EOT
      }

      env {
        PORT                = "${NOMAD_PORT_http}"
        HOST                = "${NOMAD_IP_http}"
        METRICS_PORT        = "${NOMAD_PORT_metrics}"
        NODE_ID             = "api-${NOMAD_ALLOC_INDEX}-${NOMAD_SHORT_ALLOC_ID}"
        DATA_DIR            = "${NOMAD_ALLOC_DIR}/data"
        NATS_URL            = var.nats_url
        NATS_PREFIX         = var.nats_prefix
        LOG_LEVEL           = var.log_level
        SHUTDOWN_TIMEOUT_MS = "10000"
      }

      # SIGTERM → the node stops taking work and finishes in flight within SHUTDOWN_TIMEOUT_MS
      # (10 s), and gives up 2 s after that (SHUTDOWN_GRACE_MS): kill_timeout leaves 3 s more
      # before SIGKILL. shutdown_delay: the service is deregistered 5 s before the signal, so load
      # balancers stop sending new requests first.
      kill_timeout   = "15s"
      shutdown_delay = "5s"

      # Measured (bench/nomad-sizing.bench.ts, 3 runs, deploy/RUNBOOK.md "Sizing"): peak RSS
      # 200–202 MiB while taking five uploads (the 232-page EOC and four SBCs) at once, 85–88 MiB
      # after; 0.04–0.05 cores on average over ingestion + 100 chats. Uploads are buffered whole (≤ MAX_UPLOAD_BYTES,
      # 25 MB each): memory_max leaves room for several large ones at once.
      resources {
        cpu        = 300
        memory     = 256
        memory_max = 512
      }
    }
  }

  group "agent" {
    count = var.agent_count

    spread {
      attribute = "${node.unique.id}"
    }

    network {
      port "http" {}
      port "metrics" {}
    }

    restart {
      attempts = 3
      interval = "5m"
      delay    = "10s"
      mode     = "fail"
    }

    reschedule {
      delay          = "30s"
      delay_function = "exponential"
      max_delay      = "10m"
      unlimited      = true
    }

    # Agent nodes serve no API: HEALTH_PORT gives them /health, /health/live and /health/ready
    # only, for these checks.
    service {
      provider = "nomad"
      name     = "navigator-agent"
      port     = "http"
      tags     = ["agent"]

      check {
        name     = "ready"
        type     = "http"
        path     = "/health/ready"
        interval = "10s"
        timeout  = "3s"
      }

      check {
        name     = "live"
        type     = "http"
        path     = "/health/live"
        interval = "10s"
        timeout  = "3s"

        check_restart {
          limit = 3
          grace = "30s"
        }
      }
    }

    service {
      provider = "nomad"
      name     = "navigator-metrics"
      port     = "metrics"
      tags     = ["metrics", "role=agent"]
    }

    task "navigator" {
      driver = "exec"

      artifact {
        source      = var.artifact_url
        destination = "local/"

        options {
          checksum = "sha256:${var.artifact_sha256}"
        }
      }

      config {
        command = "local/navigator"
        args    = ["serve", "--roles", "agent"]
      }

      template {
        destination = "${NOMAD_SECRETS_DIR}/navigator.env"
        env         = true
        change_mode = "restart"
        splay       = "60s"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs/navigator" }}
          {{- with .DATABASE_URL }}DATABASE_URL={{ . }}{{ end }}
          {{ with .S3_BUCKET }}S3_BUCKET={{ . }}{{ end }}
          {{ with .S3_ENDPOINT }}S3_ENDPOINT={{ . }}{{ end }}
          {{ with .S3_REGION }}S3_REGION={{ . }}{{ end }}
          {{ with .S3_ACCESS_KEY_ID }}S3_ACCESS_KEY_ID={{ . }}{{ end }}
          {{ with .S3_SECRET_ACCESS_KEY }}S3_SECRET_ACCESS_KEY={{ . }}{{ end }}
          {{ with .OPENAI_API_KEY }}OPENAI_API_KEY={{ . }}{{ end }}
          {{- end }}
        EOT
      }

      env {
        HEALTH_PORT         = "${NOMAD_PORT_http}"
        HOST                = "${NOMAD_IP_http}"
        METRICS_PORT        = "${NOMAD_PORT_metrics}"
        NODE_ID             = "agent-${NOMAD_ALLOC_INDEX}-${NOMAD_SHORT_ALLOC_ID}"
        DATA_DIR            = "${NOMAD_ALLOC_DIR}/data"
        NATS_URL            = var.nats_url
        NATS_PREFIX         = var.nats_prefix
        LOG_LEVEL           = var.log_level
        SHUTDOWN_TIMEOUT_MS = "10000"
      }

      kill_timeout   = "15s"
      shutdown_delay = "5s"

      # Measured (bench/nomad-sizing.bench.ts, 3 runs): peak RSS 137–151 MiB answering 100 chats
      # over two users' documents (the 1,274-chunk EOC among them), 0.09–0.12 cores on average. It
      # holds one UserAgent per active user (passivated after AGENT_IDLE_TIMEOUT_MS); retrieval
      # runs in PostgreSQL.
      resources {
        cpu        = 500
        memory     = 256
        memory_max = 512
      }
    }
  }

  group "ingest" {
    count = var.ingest_count

    spread {
      attribute = "${node.unique.id}"
    }

    network {
      port "http" {}
      port "metrics" {}
    }

    restart {
      attempts = 3
      interval = "5m"
      delay    = "10s"
      mode     = "fail"
    }

    reschedule {
      delay          = "30s"
      delay_function = "exponential"
      max_delay      = "10m"
      unlimited      = true
    }

    service {
      provider = "nomad"
      name     = "navigator-ingest"
      port     = "http"
      tags     = ["ingest"]

      check {
        name     = "ready"
        type     = "http"
        path     = "/health/ready"
        interval = "10s"
        timeout  = "3s"
      }

      check {
        name     = "live"
        type     = "http"
        path     = "/health/live"
        interval = "10s"
        timeout  = "3s"

        check_restart {
          limit = 3
          grace = "30s"
        }
      }
    }

    service {
      provider = "nomad"
      name     = "navigator-metrics"
      port     = "metrics"
      tags     = ["metrics", "role=ingest"]
    }

    task "navigator" {
      driver = "exec"

      artifact {
        source      = var.artifact_url
        destination = "local/"

        options {
          checksum = "sha256:${var.artifact_sha256}"
        }
      }

      config {
        command = "local/navigator"
        args    = ["serve", "--roles", "ingest"]
      }

      template {
        destination = "${NOMAD_SECRETS_DIR}/navigator.env"
        env         = true
        change_mode = "restart"
        splay       = "60s"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs/navigator" }}
          {{- with .DATABASE_URL }}DATABASE_URL={{ . }}{{ end }}
          {{ with .S3_BUCKET }}S3_BUCKET={{ . }}{{ end }}
          {{ with .S3_ENDPOINT }}S3_ENDPOINT={{ . }}{{ end }}
          {{ with .S3_REGION }}S3_REGION={{ . }}{{ end }}
          {{ with .S3_ACCESS_KEY_ID }}S3_ACCESS_KEY_ID={{ . }}{{ end }}
          {{ with .S3_SECRET_ACCESS_KEY }}S3_SECRET_ACCESS_KEY={{ . }}{{ end }}
          {{ with .OPENAI_API_KEY }}OPENAI_API_KEY={{ . }}{{ end }}
          {{ with .BLOB_ENCRYPTION_KEY }}BLOB_ENCRYPTION_KEY={{ . }}{{ end }}
          {{- end }}
        EOT
      }

      env {
        HEALTH_PORT         = "${NOMAD_PORT_http}"
        HOST                = "${NOMAD_IP_http}"
        METRICS_PORT        = "${NOMAD_PORT_metrics}"
        NODE_ID             = "ingest-${NOMAD_ALLOC_INDEX}-${NOMAD_SHORT_ALLOC_ID}"
        DATA_DIR            = "${NOMAD_ALLOC_DIR}/data"
        NATS_URL            = var.nats_url
        NATS_PREFIX         = var.nats_prefix
        LOG_LEVEL           = var.log_level
        INGEST_CONCURRENCY  = var.ingest_concurrency
        SHUTDOWN_TIMEOUT_MS = "10000"
      }

      kill_timeout   = "15s"
      shutdown_delay = "5s"

      # Measured (bench/nomad-sizing.bench.ts, 3 runs): peak RSS 243–253 MiB ingesting the 232-page
      # EOC and four SBCs two at a time (INGEST_CONCURRENCY 2), 116–119 MiB after. Parsing is one core while a
      # document parses (EOC ≈ 1.5 s of CPU); memory grows with INGEST_CONCURRENCY and page count.
      resources {
        cpu        = 1000
        memory     = 512
        memory_max = 1024
      }
    }
  }
}
