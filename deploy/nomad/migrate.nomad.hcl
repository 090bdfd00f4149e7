# Applies the database migrations of one release, once, before the release's servers start:
#
#   nomad job run -var-file=navigator.vars.hcl deploy/nomad/migrate.nomad.hcl
#   nomad job status navigator-migrate        # wait for "complete", then run navigator.nomad.hcl
#
# It reads DATABASE_URL from the Nomad Variable nomad/jobs/navigator, which belongs to the
# navigator job: apply navigator-variables.policy.hcl to this job first (deploy/RUNBOOK.md).
# Safe to run again, and concurrently with running servers: `navigator migrate` holds a
# PostgreSQL advisory lock and does nothing when the schema is current. It also creates or
# rebuilds the HNSW index (HNSW_M, HNSW_EF_CONSTRUCTION, VECTOR_STORAGE: keep them equal to the
# servers' values, or the servers refuse to start with vector_index_outdated).

variable "datacenters" {
  type        = list(string)
  default     = ["dc1"]
  description = "Datacenters the job may run in."
}

variable "artifact_url" {
  type        = string
  description = "URL of the release tarball navigator-linux-x64.tar.gz (the same release as navigator.nomad.hcl)."
}

variable "artifact_sha256" {
  type        = string
  description = "SHA-256 of the tarball."
}

variable "log_level" {
  type        = string
  default     = "info"
  description = "LOG_LEVEL of the migration."
}

# The job file also accepts the navigator job's other variables, so both take one -var-file.
variable "nats_url" {
  type        = string
  default     = ""
  description = "Unused here (the migration needs no NATS); accepted so both jobs share one -var-file."
}

variable "nats_prefix" {
  type        = string
  default     = "navigator"
  description = "Unused here."
}

variable "api_count" {
  type        = number
  default     = 0
  description = "Unused here."
}

variable "agent_count" {
  type        = number
  default     = 0
  description = "Unused here."
}

variable "ingest_count" {
  type        = number
  default     = 0
  description = "Unused here."
}

variable "ingest_concurrency" {
  type        = number
  default     = 2
  description = "Unused here."
}

job "navigator-migrate" {
  type        = "batch"
  datacenters = var.datacenters

  meta {
    artifact_sha256 = var.artifact_sha256
  }

  group "migrate" {
    count = 1

    # A failed migration is retried twice on the same node (e.g. PostgreSQL restarting), then
    # the job fails and the operator looks at its logs: it is never rescheduled elsewhere.
    restart {
      attempts = 2
      interval = "10m"
      delay    = "15s"
      mode     = "fail"
    }

    reschedule {
      attempts  = 0
      unlimited = false
    }

    task "migrate" {
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
        args    = ["migrate"]
      }

      template {
        destination = "${NOMAD_SECRETS_DIR}/navigator.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{- with nomadVar "nomad/jobs/navigator" }}
          {{- with .DATABASE_URL }}DATABASE_URL={{ . }}{{ end }}
          {{- end }}
        EOT
      }

      env {
        DATA_DIR  = "${NOMAD_ALLOC_DIR}/data"
        LOG_LEVEL = var.log_level
      }

      kill_timeout = "15s"

      # The index build runs inside PostgreSQL (its maintenance_work_mem); this process only waits.
      resources {
        cpu    = 200
        memory = 256
      }
    }
  }
}
