package com.example.platform.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's {@code bash} examples, run as a reader would paste them into one terminal:
 * in order, each seeing the variables the earlier ones set. Only the ports change, from
 * the README's defaults to the ones this run listens on.
 */
final class ReadmeShell {

	private static final Pattern HEADING = Pattern.compile("^## (.+)$");

	private static final Pattern PORT = Pattern.compile("(localhost:|-p )(\\d{4,5})\\b");

	private static final Pattern ASSIGNMENT = Pattern.compile("\\b([A-Z][A-Z_]*)=");

	private final Map<String, List<String>> examples;

	private final Path directory;

	private final Map<Integer, Integer> ports;

	private final Set<String> variables = new TreeSet<>();

	/**
	 * @param readme the README
	 * @param directory where the shell runs (the README's relative paths start there)
	 * @param ports this run's port for each of the README's default ports
	 */
	ReadmeShell(Path readme, Path directory, Map<Integer, Integer> ports) {
		this.examples = examples(read(readme));
		this.directory = directory;
		this.ports = ports;
		this.examples.values()
			.forEach((blocks) -> blocks.forEach((block) -> ASSIGNMENT.matcher(block)
				.results()
				.forEach((match) -> this.variables.add(match.group(1)))));
	}

	/**
	 * The {@code bash} blocks under each {@code ##} heading, in the README's order.
	 * @param markdown the README's text
	 * @return blocks by heading
	 */
	static Map<String, List<String>> examples(String markdown) {
		Map<String, List<String>> examples = new LinkedHashMap<>();
		String heading = "";
		StringBuilder block = null;
		for (String line : markdown.split("\n", -1)) {
			Matcher matcher = HEADING.matcher(line);
			if (block == null && matcher.matches()) {
				heading = matcher.group(1);
			}
			else if (block == null && line.equals("```bash")) {
				block = new StringBuilder();
			}
			else if (block != null && line.equals("```")) {
				examples.computeIfAbsent(heading, (key) -> new ArrayList<>()).add(block.toString());
				block = null;
			}
			else if (block != null) {
				block.append(line).append('\n');
			}
		}
		return examples;
	}

	/**
	 * One example as it will run: the README's ports replaced by this run's.
	 * @param heading the section
	 * @param index which of its blocks
	 * @return the script
	 */
	String example(String heading, int index) {
		List<String> blocks = this.examples.get(heading);
		if (blocks == null || blocks.size() <= index) {
			throw new IllegalArgumentException("The README has no example " + index + " under '" + heading + "'");
		}
		Matcher matcher = PORT.matcher(blocks.get(index));
		StringBuilder script = new StringBuilder();
		while (matcher.find()) {
			Integer port = this.ports.get(Integer.parseInt(matcher.group(2)));
			if (port == null) {
				throw new IllegalStateException("The README uses port " + matcher.group(2)
						+ ", which is not in its Ports table: " + matcher.group());
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
			// Only the README's own variables: bash's read-only ones cannot be set again.
			String keep = this.variables.isEmpty() ? ""
					: "declare -p " + String.join(" ", this.variables) + " > state.sh 2>/dev/null";
			Files.writeString(file, String.join("\n", "[ -f state.sh ] && . ./state.sh", script, "status=$?", keep,
					"exit $status", ""));
			Path out = this.directory.resolve("stdout");
			Path err = this.directory.resolve("stderr");
			Process process = new ProcessBuilder("bash", file.toString()).directory(this.directory.toFile())
				.redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.start();
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

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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
