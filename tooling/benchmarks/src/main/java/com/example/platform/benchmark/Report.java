package com.example.platform.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The results of one benchmark run, written as a Markdown table, JSON and an SVG chart of
 * the targets.
 */
final class Report {

	private final Instant started = Instant.now();

	private final Map<String, String> environment;

	private final List<Figure> figures = new ArrayList<>();

	private final List<Target> targets = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	Report(Map<String, String> environment) {
		this.environment = environment;
	}

	void add(Figure figure) {
		this.figures.add(figure);
		System.out.printf("  %-44s %-8s %-12s %12s %s (%s … %s, %d runs)%n", figure.scenario(), figure.via(),
				figure.metric(), number(figure.spread().median()), figure.unit(), number(figure.spread().min()),
				number(figure.spread().max()), figure.spread().runs());
	}

	void add(Target target) {
		this.targets.add(target);
		System.out.printf("  target %-52s %10s %-10s %s%n", target.name(), number(target.value()), target.condition(),
				target.met() ? "met" : "NOT MET");
	}

	void note(String note) {
		this.notes.add(note);
		System.out.println("  note: " + note);
	}

	List<Figure> figures() {
		return List.copyOf(this.figures);
	}

	List<Target> targets() {
		return List.copyOf(this.targets);
	}

	void write(Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("results.md"), markdown());
			Files.writeString(directory.resolve("results.json"), json());
			Files.writeString(directory.resolve("targets.svg"), Chart.svg(this.targets));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmark results\n\nRun ").append(this.started).append(" by `./benchmark`.\n\n");
		md.append("| Environment | |\n|---|---|\n");
		this.environment
			.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
		md.append(
				"\n## Targets\n\n![targets](targets.svg)\n\n| Target | Measured | Bound | Met |\n|---|---:|---|---|\n");
		this.targets.forEach((target) -> md.append("| ")
			.append(target.name())
			.append(" | ")
			.append(number(target.value()))
			.append(target.unit())
			.append(" | ")
			.append(target.condition())
			.append(" | ")
			.append(target.met() ? "yes" : "**no**")
			.append(" |\n"));
		md.append("\n## Figures\n\nMedian of the runs, with the lowest and highest run.\n\n");
		md.append("| Scenario | Via | Metric | Median | Min | Max | Runs |\n|---|---|---|---:|---:|---:|---:|\n");
		this.figures.forEach((figure) -> md.append("| ")
			.append(figure.scenario())
			.append(" | ")
			.append(figure.via())
			.append(" | ")
			.append(figure.metric())
			.append(" | ")
			.append(number(figure.spread().median()))
			.append(' ')
			.append(figure.unit())
			.append(" | ")
			.append(number(figure.spread().min()))
			.append(" | ")
			.append(number(figure.spread().max()))
			.append(" | ")
			.append(figure.spread().runs())
			.append(" |\n"));
		if (!this.notes.isEmpty()) {
			md.append("\n## Notes\n\n");
			this.notes.forEach((note) -> md.append("- ").append(note).append('\n'));
		}
		return md.toString();
	}

	String json() {
		String environment = this.environment.entrySet()
			.stream()
			.map((entry) -> "    " + quote(entry.getKey()) + ": " + quote(entry.getValue()))
			.collect(Collectors.joining(",\n"));
		String targets = this.targets.stream()
			.map((target) -> "    {\"name\": %s, \"value\": %s, \"bound\": %s, \"atLeast\": %s, \"unit\": %s, \"met\": %s}"
				.formatted(quote(target.name()), plain(target.value()), plain(target.bound()), target.atLeast(),
						quote(target.unit()), target.met()))
			.collect(Collectors.joining(",\n"));
		String figures = this.figures.stream()
			.map((figure) -> ("    {\"scenario\": %s, \"via\": %s, \"metric\": %s, \"unit\": %s, \"median\": %s, "
					+ "\"min\": %s, \"max\": %s, \"runs\": %d}")
				.formatted(quote(figure.scenario()), quote(figure.via()), quote(figure.metric()), quote(figure.unit()),
						plain(figure.spread().median()), plain(figure.spread().min()), plain(figure.spread().max()),
						figure.spread().runs()))
			.collect(Collectors.joining(",\n"));
		String notes = this.notes.stream().map((note) -> "    " + quote(note)).collect(Collectors.joining(",\n"));
		return "{\n  \"started\": %s,\n  \"environment\": {\n%s\n  },\n  \"targets\": [\n%s\n  ],\n  \"figures\": [\n%s\n  ],\n  \"notes\": [\n%s\n  ]\n}\n"
			.formatted(quote(this.started.toString()), environment, targets, figures, notes);
	}

	/** Three significant figures at most, the precision these measurements have. */
	static String number(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		double magnitude = Math.abs(value);
		String pattern = (magnitude >= 100) ? "%.0f" : (magnitude >= 10) ? "%.1f" : (magnitude >= 1) ? "%.2f" : "%.3f";
		return String.format(Locale.ROOT, pattern, value);
	}

	private static String plain(double value) {
		return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
	}

	static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : ((text != null) ? text : "").toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
