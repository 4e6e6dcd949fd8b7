#!/bin/sh
# Secrets come as files (compose `secrets:`, Kubernetes secret volumes), never as
# literals in a manifest: for every NAME_FILE=/path in the environment, NAME is set
# to that file's content (one trailing newline dropped), then the command runs.
set -eu
for pair in $(env | grep -o '^[A-Z0-9_]*_FILE=' || true); do
  var=${pair%=}
  name=${var%_FILE}
  eval "path=\${$var}"
  if [ ! -r "$path" ]; then
    echo "shequ: $var names $path, which cannot be read" >&2
    exit 1
  fi
  # $(cat) drops trailing newlines; a PEM key keeps its inner ones.
  value=$(cat "$path")
  export "$name=$value"
  unset "$var"
done
exec "$@"
