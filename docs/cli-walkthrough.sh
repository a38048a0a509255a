#!/usr/bin/env bash
# A whole break-glass cycle with the breakglass CLI, from vault creation to verified evidence.
# Run it from the root of a clone after `npm install`:  bash docs/cli-walkthrough.sh
# Everything is created in a fresh temporary folder; nothing touches your default vault.
set -euo pipefail

breakglass() { node cli/bin/breakglass.mjs "$@"; }   # the same program as `npx breakglass`

WORK="$(mktemp -d)"
VAULT="$WORK/vault.bgvault"
echo "Working in $WORK" >&2

# 1. People: two custodians in each of three functions, an incident commander and an auditor.
cat > "$WORK/people.json" <<'JSON'
[
  { "id": "ida",   "name": "Ida",   "roles": ["custodian"], "function": "identity" },
  { "id": "ivan",  "name": "Ivan",  "roles": ["custodian"], "function": "identity" },
  { "id": "sam",   "name": "Sam",   "roles": ["custodian"], "function": "security" },
  { "id": "sara",  "name": "Sara",  "roles": ["custodian"], "function": "security" },
  { "id": "rita",  "name": "Rita",  "roles": ["custodian"], "function": "incident-response" },
  { "id": "raj",   "name": "Raj",   "roles": ["custodian"], "function": "incident-response" },
  { "id": "carol", "name": "Carol", "roles": ["incident-commander"] },
  { "id": "aude",  "name": "Aude",  "roles": ["auditor"] }
]
JSON

# Demo only: random passphrases in files, so the script runs unattended. Real custodians type
# theirs at the hidden prompt (leave out --passphrase-dir and --passphrase-file).
mkdir -m 700 "$WORK/passphrases"
for id in ida ivan sam sara rita raj carol aude; do
  printf '%s-%s\n' "$id" "$(head -c 18 /dev/urandom | base64)" > "$WORK/passphrases/$id"
done

kit() { echo "$WORK/kits/"*"-$1-epoch1.bgkit"; }
signed_by() {   # signed_by PERSON COMMAND...: run COMMAND with PERSON's kit and passphrase file
  local person="$1"; shift
  breakglass "$@" --vault "$VAULT" --kit "$(kit "$person")" --passphrase-file "$WORK/passphrases/$person"
}

# 2. Create the vault. Policy: any 2 of the 3 functions, one custodian from each.
#    Demo only: --kdf-memory/--kdf-iterations lower the Argon2id cost so this runs in seconds;
#    leave both out for a real vault.
breakglass init --vault "$VAULT" --name "Acme break-glass" --people "$WORK/people.json" \
  --groups 2 --per-group 1 --kit-dir "$WORK/kits" --passphrase-dir "$WORK/passphrases" \
  --kdf-memory 65536 --kdf-iterations 1
breakglass status --vault "$VAULT"

# 3. Deposit three credentials while the vault is sealed. Secrets come from stdin, never arguments.
IDP=$(printf '%s' 'S3cure-IdP-admin-pw' | signed_by ida deposit --kind password \
  --label "IdP emergency admin" --system okta --account breakglass-admin)
TOKEN=$(printf '%s' 'tok_live_demo_0001' | signed_by sam deposit --kind api-token \
  --label "Cloud root token" --system aws)
CODES=$(printf 'code-1111\ncode-2222\ncode-3333\n' | signed_by rita deposit --kind recovery-codes \
  --label "Domain admin recovery codes" --system active-directory)
breakglass credential list --vault "$VAULT"

# 4. The incident commander requests an unseal for two of them.
CEREMONY=$(signed_by carol unseal request --ticket INC-4711 --reason "IdP outage, admin console locked" \
  --severity sev1 --scope "$IDP,$TOKEN" --duration 30)
breakglass ceremony show "$CEREMONY" --vault "$VAULT"
HASH=$(breakglass ceremony show "$CEREMONY" --vault "$VAULT" --json \
  | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).requestHash')

# 5. Two custodians of different functions approve exactly that request: the vault unseals.
signed_by ida unseal approve "$CEREMONY" --request-hash "$HASH"
signed_by sam unseal approve "$CEREMONY" --request-hash "$HASH"

# 6. The incident commander reveals what they need (logged before it is shown), records what
#    was touched, and seals.
signed_by carol unseal reveal "$CEREMONY" --credential "$IDP"
signed_by carol unseal reveal "$CEREMONY" --credential "$TOKEN" --json
signed_by carol unseal touched "$CEREMONY" --touched "okta:reset admin MFA:for the locked-out admin" \
  --control "Alert on every admin login for 7 days"
signed_by carol unseal seal "$CEREMONY"

# 7. Reseal: rotate one revealed credential, waive the other, a third custodian attests dormancy.
printf '%s' 'N3w-IdP-admin-pw' | signed_by ivan reseal rotate "$CEREMONY" --credential "$IDP"
signed_by sara reseal waive "$CEREMONY" --credential "$TOKEN" --reason "Read-only token that expires tonight"
signed_by rita reseal attest "$CEREMONY"
breakglass reseal close "$CEREMONY" --vault "$VAULT"

# 8. Evidence: the auditor exports a signed bundle and an HTML report; anyone can verify them.
signed_by aude log export --bundle "$WORK/evidence.json" --report "$WORK/evidence.html"
breakglass log verify --bundle "$WORK/evidence.json"
breakglass log verify --vault "$VAULT"
breakglass log checkpoint --vault "$VAULT" | tee "$WORK/checkpoint.txt"
breakglass status --vault "$VAULT"
echo "Unused deposit: $CODES. Files are in $WORK" >&2
