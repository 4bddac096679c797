# Sourced by bin/* scripts: finds a JDK 25 (JAVA_HOME first, then the usual install places)
# and exports JAVA_HOME, or explains what to install. A JDK's version is read from its
# `release` file, so no JVM is started to ask (that costs ~50 ms on every bin/watchtray).
find_jdk25() {
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-25-openjdk /usr/lib/jvm/jdk-25* /opt/jdk-25* "$HOME"/.sdkman/candidates/java/25* /usr/lib/jvm/*)
    local c v
    for c in "${candidates[@]}"; do
        [ -x "$c/bin/java" ] || continue
        if [ -f "$c/release" ]; then
            v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$c/release")
        else
            v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
        fi
        if [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
            export JAVA_HOME="$c"
            return 0
        fi
    done
    echo "watchtray needs JDK 25 or newer, and none was found." >&2
    echo "Looked at \$JAVA_HOME and /usr/lib/jvm/*. Install one (e.g. Temurin 25) and/or set JAVA_HOME to it." >&2
    return 1
}
