# The Nomad Variable holding Navigator's secrets, read by the jobs' template blocks. Copy this
# file outside the repository, fill it in, and store it (never commit the filled copy):
#
#   nomad var put -in hcl nomad/jobs/navigator @navigator.nv.hcl
#
# Required: JWT_SECRET (every node signs and checks tokens with it: ≥ 32 random bytes, e.g.
# `openssl rand -base64 48`) and DATABASE_URL (PostgreSQL 15+ with pgvector). Optional: S3_*
# (required unless DATA_DIR is shared storage: api nodes store uploads, ingest nodes read them),
# OPENAI_API_KEY (with EMBEDDING_PROVIDER / CHAT_PROVIDER = openai), BLOB_ENCRYPTION_KEY (stored
# PDFs encrypted; read by api and ingest nodes). Leave unused keys out.

path = "nomad/jobs/navigator"

items {
  JWT_SECRET           = "replace with: openssl rand -base64 48"
  DATABASE_URL         = "postgres://navigator:replace-me@db.internal:5432/navigator"
  S3_BUCKET            = "navigator-uploads"
  S3_ENDPOINT          = "https://s3.eu-central-1.amazonaws.com"
  S3_REGION            = "eu-central-1"
  S3_ACCESS_KEY_ID     = "replace-me"
  S3_SECRET_ACCESS_KEY = "replace-me"
}
