# Sourced by the bench scripts: sets $java to the newest JDK 21+ under /usr/lib/jvm (or JAVA_HOME).
java=""
best=0
for candidate in /usr/lib/jvm/*/bin/java ${JAVA_HOME:+"$JAVA_HOME/bin/java"}; do
  [ -x "$candidate" ] || continue
  major=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -nE 's/^ *java.specification.version = ([0-9]+)$/\1/p')
  if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best" ]; then
    java=$candidate
    best=$major
  fi
done
if [ -z "$java" ]; then
  echo "No JDK 21+ under /usr/lib/jvm; install one, such as a Temurin JDK 21 or 25." >&2
  exit 1
fi
