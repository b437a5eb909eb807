# Sourced by ./dendrite and ./test: finds a JDK >= 25 and exports JAVA_HOME and PATH.
# Looks at JAVA_HOME first, then the usual install locations, then `java` on PATH.

dendrite_java_feature() {  # prints the feature release (17, 25, ...) of the JDK at $1
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

dendrite_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/* \
           "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in "${candidates[@]}"; do
    v=$(dendrite_java_feature "$c") || continue
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

if ! DENDRITE_JDK=$(dendrite_find_jdk); then
  echo "dendrite: no JDK 25 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman); install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$DENDRITE_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries touch sun.misc.Unsafe; keep JDK 25 from warning about it on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if ! command -v mvn >/dev/null 2>&1; then
  echo "dendrite: Apache Maven (mvn) is needed to build; install it (Debian: apt-get install maven)." >&2
  exit 1
fi
