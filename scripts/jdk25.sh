# Sourced by ./run-local and .ci/run: makes JAVA_HOME point at a JDK 25 or newer.
# Honours a JAVA_HOME that already does; otherwise looks in the usual install places.
java_major() {
	"$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
	:
else
	for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* \
		"$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
		if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 25 ] 2>/dev/null; then
			export JAVA_HOME="$candidate"
			break
		fi
	done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
	echo "This platform needs JDK 25 or newer. Install one and set JAVA_HOME to it." >&2
	exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
