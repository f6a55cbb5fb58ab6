#!/bin/sh
# As in the official node image: `docker run img -e "1+1"` or `docker run img app.js`
# runs node; any other command runs as given.
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
