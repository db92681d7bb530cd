package com.example.platform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./mvnw verify} must pass on a machine with nothing but a JDK: every command a
 * test starts, and every command of the examples of the README and of {@code docs/*.md}
 * that {@code ReadmeExamplesIT} runs, is either always there (Debian's Essential
 * packages, bash's builtins) or required first with {@link OsPackages#require}, which
 * installs it or skips the test. This scans the test sources and those pages for commands
 * nobody installs or guards.
 */
class ShelledOutCommandsTests {

	private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

	private static final Set<String> SHELL_WORDS = Set.of("for", "in", "do", "done", "if", "then", "else", "elif", "fi",
			"while", "until", "case", "esac", "break", "continue", "export", "declare", "local", "read", "cd", "exit",
			"return", "set", "source", ".", "[", "[[", "echo", "printf", "true", "false", "wait", "trap", "shift",
			"eval", "time", "!", "{", "}", "test");

	/** How the tests start a process, each capturing the command. */
	private static final List<Pattern> STARTS = List.of(Pattern.compile("new ProcessBuilder\\(\\s*\"([^\"]+)\""),
			Pattern.compile("\\bcommand\\s*=\\s*List\\.of\\(\\s*\"([^\"]+)\""),
			Pattern.compile("\\bcommand\\.add\\(\\s*\"([^\"]+)\"\\)"),
			Pattern.compile("\\.run\\([^;]*?List\\.of\\(\\s*\"([^\"]+)\"", Pattern.DOTALL), Pattern
				.compile("List<String> command\\([^)]*\\)\\s*\\{[^}]*?List\\.of\\(\\s*\"([^\"]+)\"", Pattern.DOTALL));

	/** A script the tests hand to the examples' shell. */
	private static final Pattern SCRIPT = Pattern.compile("\\bshell\\.run\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern OPTIONAL = Pattern
		.compile("(?:^|[;|&\n])\\s*([\\w.-]+)[^;|&\n]*?2>/dev/null\\s*\\|\\|", Pattern.MULTILINE);

	private static final Pattern REQUIRE = Pattern.compile("OsPackages\\.require\\(([^;]*?)\\);");

	private static final Pattern LITERAL = Pattern.compile("\"([^\"]+)\"");

	private static final Pattern EXAMPLE = Pattern.compile("example\\(\"([^\"]+)\",\\s*(\\d+)\\)");

	private static final Pattern LEFT_OUT = Pattern.compile("startsWith\\(\"([^\"\\s]+)");

	@Test
	void everyCommandATestStartsIsInstalledOrGuarded() {
		Map<String, List<String>> modules = new TreeMap<>();
		try (Stream<Path> directories = Files.walk(ROOT, 2)) {
			directories.filter((module) -> Files.isDirectory(module.resolve("src/test/java")))
				.forEach((module) -> modules.put(module.getFileName().toString(),
						sources(module.resolve("src/test/java"))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(modules).containsKeys("deployment-tests", "monitoring-tests", "system-tests");
		assertThat(startViolations(modules)).isEmpty();
	}

	@Test
	void everyCommandOfTheReadmeExamplesTheTestsRunIsInstalledGuardedOrLeftOut() {
		String test = read(ROOT
			.resolve("verification/system-tests/src/test/java/com/example/platform/systemtest/ReadmeExamplesIT.java"));
		List<String> violations = readmeViolations(DocExamples.examples(ROOT), test);
		assertThat(violations).isEmpty();
		assertThat(EXAMPLE.matcher(test).results().count()).as("examples ReadmeExamplesIT runs")
			.isGreaterThanOrEqualTo(8);
	}

	@Test
	void findsTheCommandsOfAShellExample() {
		String script = String.join("\n", "# psql here is a comment", "TOKEN=$(curl -s -X POST localhost:8080/x \\",
				"  -d \"{\\\"password\\\":\\\"$(cat .platform/secret)\\\"}\" \\", "  | sed -E 's/a|b/\\1/')",
				"for i in $(seq 50); do wget -q x | grep -q '\"ok\"' && break; sleep 0.2; done",
				"AUTH=\"Bearer $(jq -r .token /tmp/t.json)\"; time nc -z localhost 1 2>/dev/null",
				"psql -h localhost -c 'select 1' # the database",
				"KEY=$(uuidgen 2>/dev/null || cat /proc/sys/kernel/random/uuid)",
				"kafka-console-consumer.sh --consumer-property \"password=\\\"$(cat pw)\\\";\" \\",
				"  --property print.key=true; echo $(date) later", "");
		assertThat(shellCommands(script)).containsExactlyInAnyOrder("curl", "cat", "sed", "seq", "wget", "grep",
				"sleep", "jq", "nc", "psql", "kafka-console-consumer.sh", "date");
	}

	@Test
	void reportsACommandAModuleStartsWithoutRequiringIt() {
		String builder = "new Process" + "Builder(";
		String starts = "class Tool { void go() { " + builder + "\"psql\", \"-c\"); " + builder
				+ "\"bash\", \"x.sh\"); } }";
		String undeclared = "class Other { void go() { " + builder + "\"nc\", \"-z\"); } }";
		String guarded = "class Guarded { void go() { OsPackages" + ".require(\"curl\"); "
				+ "List<String> command = List" + ".of(\"curl\", \"-s\"); } }";
		assertThat(startViolations(Map.of("a", List.of(starts), "b", List.of(undeclared), "c", List.of(guarded))))
			.containsExactlyInAnyOrder("a: starts psql without OsPackages.require(\"psql\")",
					"b: starts nc, for which OsPackages declares no Debian package");
	}

	@Test
	void reportsAReadmeCommandTheTestNeitherRequiresNorLeavesOut() {
		Map<String, List<String>> examples = Map.of("README.md",
				DocExamples.blocks(
						String.join("\n", "## One", "```bash", "curl -s x | grep y", "psql -c 'select 1'", "```", "")),
				"docs/two.md",
				DocExamples.blocks(String.join("\n", "# Two", "```bash", "kafka-console-consumer.sh --topic t",
						"curl -s y", "```", "```sh", "docker compose up", "```", "")));
		String test = String.join("\n", "@BeforeAll void start() { OsPackages" + ".require(\"curl\"); }",
				"@Test void one() { shell.run(shell." + "example(\"README.md\", 0)); }",
				"@Test void two() { assertThat(x).startsWith(\"kafka-console-consumer.sh\"); shell.run(shell."
						+ "example(\"docs/two.md\", 0)); }");
		assertThat(readmeViolations(examples, test))
			.containsExactly("README.md example 0 uses psql, which ReadmeExamplesIT neither requires nor leaves out");
	}

	static List<String> startViolations(Map<String, List<String>> modules) {
		List<String> violations = new ArrayList<>();
		modules.forEach((module, sources) -> {
			Set<String> started = new TreeSet<>();
			Set<String> required = new TreeSet<>();
			for (String source : sources) {
				STARTS.forEach(
						(pattern) -> pattern.matcher(source).results().forEach((match) -> started.add(match.group(1))));
				SCRIPT.matcher(source)
					.results()
					.forEach((match) -> started.addAll(shellCommands(match.group(1).replace("\\\"", "\""))));
				required.addAll(required(source));
			}
			for (String command : started) {
				if (OsPackages.ALWAYS_PRESENT.contains(command)) {
					continue;
				}
				if (!OsPackages.isDeclared(command)) {
					violations
						.add(module + ": starts " + command + ", for which OsPackages declares no Debian package");
				}
				else if (!required.contains(command)) {
					violations.add(module + ": starts " + command + " without OsPackages.require(\"" + command + "\")");
				}
			}
		});
		return violations;
	}

	/**
	 * Each test method of ReadmeExamplesIT may use the commands it requires, those the
	 * class requires before its first test, and those it cuts off an example.
	 */
	static List<String> readmeViolations(Map<String, List<String>> examples, String test) {
		String[] chunks = test.split("@Test\\b");
		Set<String> classWide = required(chunks[0]);
		List<String> violations = new ArrayList<>();
		for (int i = 1; i < chunks.length; i++) {
			Set<String> allowed = new TreeSet<>(classWide);
			allowed.addAll(required(chunks[i]));
			LEFT_OUT.matcher(chunks[i]).results().forEach((match) -> allowed.add(match.group(1)));
			for (MatchResult example : EXAMPLE.matcher(chunks[i]).results().toList()) {
				String page = example.group(1);
				int index = Integer.parseInt(example.group(2));
				List<String> blocks = examples.getOrDefault(page, List.of());
				if (index >= blocks.size()) {
					violations.add(page + " has no example " + index);
					continue;
				}
				for (String command : shellCommands(blocks.get(index))) {
					if (!OsPackages.ALWAYS_PRESENT.contains(command) && !allowed.contains(command)) {
						violations.add(page + " example " + index + " uses " + command
								+ ", which ReadmeExamplesIT neither requires nor leaves out");
					}
				}
			}
		}
		return violations;
	}

	private static Set<String> required(String source) {
		Set<String> required = new TreeSet<>();
		REQUIRE.matcher(source)
			.results()
			.forEach((call) -> LITERAL.matcher(call.group(1))
				.results()
				.forEach((literal) -> required.add(literal.group(1))));
		return required;
	}

	/**
	 * The commands a script starts: the first word of each simple command, including
	 * those in {@code $(...)}, without quoted text, comments, assignments, keywords and
	 * builtins.
	 */
	static Set<String> shellCommands(String script) {
		Set<String> commands = new TreeSet<>();
		String structure = structure(script);
		for (String segment : structure.split("[;|&\n]+")) {
			String words = segment.trim().replaceFirst("^([A-Za-z_][A-Za-z0-9_]*=\\S*\\s*)+", "");
			String first = words.isEmpty() ? "" : words.split("\\s+")[0];
			while (Set.of("do", "then", "else", "time", "!", "{").contains(first)) {
				words = words.substring(first.length()).trim();
				first = words.isEmpty() ? "" : words.split("\\s+")[0];
			}
			if (!first.isEmpty() && !first.startsWith("$") && !first.contains("=") && !SHELL_WORDS.contains(first)) {
				commands.add(first);
			}
		}
		// "uuidgen 2>/dev/null || cat ...": the script itself copes without it.
		OPTIONAL.matcher(structure).results().forEach((match) -> commands.remove(match.group(1)));
		return commands;
	}

	/**
	 * The script with quoted text and comments removed and every {@code $(} and
	 * parenthesis turned into a command separator, so that splitting on separators gives
	 * simple commands.
	 */
	private static String structure(String script) {
		StringBuilder out = new StringBuilder();
		// What each open level is: a double-quoted string, $( ... ) or a plain ( ... ).
		List<Character> stack = new ArrayList<>();
		int i = 0;
		while (i < script.length()) {
			char c = script.charAt(i);
			boolean quoted = !stack.isEmpty() && stack.getLast() == '"';
			if (c == '\\') {
				// A line continuation or an escaped character: never structure.
				out.append(quoted ? "" : (i + 1 < script.length() && script.charAt(i + 1) == '\n') ? " " : "x");
				i += 2;
				continue;
			}
			if (c == '$' && i + 1 < script.length() && script.charAt(i + 1) == '(') {
				stack.add('$');
				out.append(';');
				i += 2;
				continue;
			}
			if (quoted) {
				if (c == '"') {
					stack.removeLast();
				}
				i++;
				continue;
			}
			if (c == '\'') {
				int end = script.indexOf('\'', i + 1);
				out.append('x');
				i = (end < 0) ? script.length() : end + 1;
				continue;
			}
			if (c == '#' && (i == 0 || Character.isWhitespace(script.charAt(i - 1)))) {
				int end = script.indexOf('\n', i);
				i = (end < 0) ? script.length() : end;
				continue;
			}
			if (c == '"') {
				stack.add('"');
				out.append('x');
			}
			else if (c == '(') {
				stack.add('(');
				out.append(';');
			}
			else if (c == ')') {
				if (!stack.isEmpty()) {
					stack.removeLast();
				}
				// What follows belongs to the command around the substitution, not to a
				// new
				// one: "$" starts a word that is never taken for a command.
				out.append(";$");
			}
			else {
				out.append(c);
			}
			i++;
		}
		return out.toString();
	}

	private static List<String> sources(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter((file) -> file.toString().endsWith(".java"))
				.map(ShelledOutCommandsTests::read)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
