# Sourced by the bench scripts for what each needs before it measures:
#   need <Debian package> <command that succeeds once the package is installed>
#   prepare   # installs what is missing, sets $java to a JDK 21+, builds the sample app's jar
# Every script needs Maven and wrk; each names the rest with need before it calls prepare.
missing=()

need() {
  local package=$1
  shift
  "$@" > /dev/null 2>&1 || missing+=("$package")
}

prepare() {
  need maven command -v mvn
  need wrk test -x /usr/bin/wrk
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
  fi
  find_java
  echo "Building the sample app"
  # clean: the jar plugin keeps a jar that looks up to date with the sample's own classes, so a
  # package alone would repackage the old starter and core into it.
  mvn -q -pl sample-app -am clean package -DskipTests
}

# The sample app's jar needs a JDK 21 or newer to run (the build finds one with Maven toolchains):
# sets $java to the newest under /usr/lib/jvm or JAVA_HOME.
find_java() {
  local candidate major best=0
  java=""
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
}
