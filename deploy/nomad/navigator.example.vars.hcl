# Job variables of navigator.nomad.hcl and migrate.nomad.hcl (nothing secret: secrets live in
# the Nomad Variable, see variables.example.nv.hcl). Copy, fill in, and pass to both jobs:
#
#   nomad job run -var-file=navigator.vars.hcl deploy/nomad/migrate.nomad.hcl
#   nomad job run -var-file=navigator.vars.hcl deploy/nomad/navigator.nomad.hcl

datacenters        = ["dc1"]
artifact_url       = "https://releases.example.com/navigator/0.1.0/navigator-linux-x64.tar.gz"
artifact_sha256    = "0000000000000000000000000000000000000000000000000000000000000000"
nats_url           = "nats://10.0.0.10:4222"
nats_prefix        = "navigator"
api_count          = 2
agent_count        = 2
ingest_count       = 2
ingest_concurrency = 2
log_level          = "info"
