package com.example.platform.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.testsupport.DocExamples;

/**
 * The {@code bash} examples of the README and of the pages under {@code docs/}, run as a
 * reader would paste them into one terminal: each seeing the variables the earlier ones
 * set. Only the ports change, from the documented defaults to the ones this run listens
 * on.
 */
final class ReadmeShell {

	private static final Pattern PORT = Pattern.compile("(localhost:|-p )(\\d{4,5})\\b");

	private static final Pattern ASSIGNMENT = Pattern.compile("\\b([A-Z][A-Z_]*)=");

	private final Map<String, List<String>> examples;

	private final Path directory;

	private final Map<Integer, Integer> ports;

	private final Set<String> variables = new TreeSet<>();

	private final Map<String, String> environment;

	/**
	 * @param repository the repository's root, holding {@code README.md} and
	 * {@code docs/}
	 * @param directory where the shell runs (the examples' relative paths start there)
	 * @param ports this run's port for each of the documented default ports
	 */
	ReadmeShell(Path repository, Path directory, Map<Integer, Integer> ports) {
		this(repository, directory, ports, Map.of());
	}

	/**
	 * @param repository the repository's root, holding {@code README.md} and
	 * {@code docs/}
	 * @param directory where the shell runs (the examples' relative paths start there)
	 * @param ports this run's port for each of the documented default ports
	 * @param environment variables added to the shell's environment (not to the examples'
	 * text), e.g. a proxy that records what {@code curl} sends
	 */
	ReadmeShell(Path repository, Path directory, Map<Integer, Integer> ports, Map<String, String> environment) {
		this.examples = DocExamples.examples(repository);
		this.directory = directory;
		this.ports = ports;
		this.environment = Map.copyOf(environment);
		this.examples.values()
			.forEach((blocks) -> blocks.forEach((block) -> ASSIGNMENT.matcher(block)
				.results()
				.forEach((match) -> this.variables.add(match.group(1)))));
	}

	/**
	 * One example as it will run: the documented ports replaced by this run's.
	 * @param page the page, as {@link DocExamples#pages} names it
	 * @param index which of its blocks
	 * @return the script
	 */
	String example(String page, int index) {
		List<String> blocks = this.examples.get(page);
		if (blocks == null || blocks.size() <= index) {
			throw new IllegalArgumentException(page + " has no example " + index);
		}
		Matcher matcher = PORT.matcher(blocks.get(index));
		StringBuilder script = new StringBuilder();
		while (matcher.find()) {
			Integer port = this.ports.get(Integer.parseInt(matcher.group(2)));
			if (port == null) {
				throw new IllegalStateException(page + " uses port " + matcher.group(2)
						+ ", which is not in the Ports table (docs/local-run.md): " + matcher.group());
			}
			matcher.appendReplacement(script, Matcher.quoteReplacement(matcher.group(1) + port));
		}
		matcher.appendTail(script);
		return script.toString();
	}

	/**
	 * Runs a script with the variables the earlier ones left, and keeps those it sets.
	 * @param script from {@link #example}, possibly adapted
	 * @return what it printed
	 */
	Result run(String script) {
		try {
			Path file = this.directory.resolve("example.sh");
			// Only the examples' own variables: bash's read-only ones cannot be set
			// again.
			String keep = this.variables.isEmpty() ? ""
					: "declare -p " + String.join(" ", this.variables) + " > state.sh 2>/dev/null";
			Files.writeString(file, String.join("\n", "[ -f state.sh ] && . ./state.sh", script, "status=$?", keep,
					"exit $status", ""));
			Path out = this.directory.resolve("stdout");
			Path err = this.directory.resolve("stderr");
			ProcessBuilder builder = new ProcessBuilder("bash", file.toString()).directory(this.directory.toFile())
				.redirectOutput(out.toFile())
				.redirectError(err.toFile());
			builder.environment().putAll(this.environment);
			Process process = builder.start();
			if (!process.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("The example ran for more than 3 minutes:\n" + script);
			}
			return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
					Files.readString(err, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What a script printed.
	 *
	 * @param exitCode its exit code
	 * @param out standard output
	 * @param err standard error
	 */
	record Result(int exitCode, String out, String err) {

		@Override
		public String toString() {
			return "exit " + this.exitCode + "\n--- stdout\n" + this.out + "--- stderr\n" + this.err;
		}

	}

}
