# NATS with JetStream for operators who do not run NATS already: one server whose JetStream store
# (the ingestion work queue NAVIGATOR_INGEST and the actor-lease KV bucket) lives on the host
# volume "nats-data", so it survives restarts. Declare the volume in the client's configuration
# on the node that should run it:
#
#   client {
#     host_volume "nats-data" {
#       path      = "/var/lib/nats"
#       read_only = false
#     }
#   }
#
#   nomad job run -var nats_sha256=<sha256 of the release tarball> deploy/nomad/nats.nomad.hcl
#
# Navigator then uses nats_url = "nats://<that node's address>:4222". Navigator needs NATS ≥ 2.9.

variable "datacenters" {
  type        = list(string)
  default     = ["dc1"]
  description = "Datacenters the job may run in."
}

variable "nats_version" {
  type        = string
  default     = "2.10.24"
  description = "nats-server release to run."
}

variable "nats_sha256" {
  type        = string
  description = "SHA-256 of nats-server-v<version>-linux-amd64.tar.gz (the release's SHA256SUMS file)."
}

variable "max_file_store" {
  type        = string
  default     = "10G"
  description = "Most disk JetStream may use on the volume."
}

job "navigator-nats" {
  type        = "service"
  datacenters = var.datacenters

  update {
    max_parallel     = 1
    auto_revert      = true
    health_check     = "checks"
    min_healthy_time = "10s"
    healthy_deadline = "2m"
  }

  group "nats" {
    count = 1

    volume "nats-data" {
      type      = "host"
      source    = "nats-data"
      read_only = false
    }

    # Static ports: clients are configured with this address.
    network {
      port "client" {
        static = 4222
      }

      port "monitor" {
        static = 8222
      }
    }

    restart {
      attempts = 5
      interval = "5m"
      delay    = "5s"
      mode     = "delay"
    }

    service {
      provider = "nomad"
      name     = "navigator-nats"
      port     = "client"

      check {
        name     = "jetstream"
        type     = "http"
        port     = "monitor"
        path     = "/healthz?js-enabled-only=true"
        interval = "10s"
        timeout  = "3s"

        check_restart {
          limit = 3
          grace = "30s"
        }
      }
    }

    task "nats" {
      driver = "exec"

      artifact {
        source      = "https://github.com/nats-io/nats-server/releases/download/v${var.nats_version}/nats-server-v${var.nats_version}-linux-amd64.tar.gz"
        destination = "local/"

        options {
          checksum = "sha256:${var.nats_sha256}"
        }
      }

      volume_mount {
        volume      = "nats-data"
        destination = "/data"
      }

      config {
        command = "local/nats-server-v${var.nats_version}-linux-amd64/nats-server"
        args    = ["--config", "local/nats.conf"]
      }

      template {
        destination = "local/nats.conf"
        change_mode = "restart"
        data        = <<-EOT
          listen: 0.0.0.0:{{ env "NOMAD_PORT_client" }}
          http: 0.0.0.0:{{ env "NOMAD_PORT_monitor" }}
          jetstream {
            store_dir: "/data/jetstream"
            max_file_store: ${var.max_file_store}
          }
        EOT
      }

      # nats-server drains clients on SIGTERM ("lame duck" is SIGUSR2); Navigator nodes reconnect.
      kill_timeout = "30s"

      # A single JetStream server for Navigator's queue and leases is small: a few hundred MHz and
      # memory for the in-memory index of the file store.
      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}
