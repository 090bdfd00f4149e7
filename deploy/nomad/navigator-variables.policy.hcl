# ACL policy that lets the migration job read the navigator job's Nomad Variable
# (nomad/jobs/navigator holds DATABASE_URL). The navigator job reads its own variable through
# Nomad's implicit workload policy and needs nothing more. Apply it to the migration job:
#
#   nomad acl policy apply -namespace default -job navigator-migrate \
#     navigator-migrate-variables deploy/nomad/navigator-variables.policy.hcl

namespace "default" {
  variables {
    path "nomad/jobs/navigator" {
      capabilities = ["read"]
    }
  }
}
