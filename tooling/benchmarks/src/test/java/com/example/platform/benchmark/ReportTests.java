package com.example.platform.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	@TempDir
	Path directory;

	@Test
	void writesTheTableTheJsonAndTheChart() throws Exception {
		Report report = new Report(Map.of("cores", "2"));
		report.add(new Figure("GET user", "gateway", "throughput", "req/s", new Spread(5000, 4800, 5100, 3)));
		report.add(new Target("gateway / nginx throughput", 0.8, 0.75, true, ""));
		report.add(new Target("event p99", 140, 100, false, " ms"));
		report.note("a \"quoted\" note");

		report.write(this.directory);

		assertThat(Files.readString(this.directory.resolve("results.md")))
			.contains("| GET user | gateway | throughput | 5000 req/s | 4800 | 5100 | 3 |")
			.contains("| gateway / nginx throughput | 0.800 | ≥ 0.750 | yes |")
			.contains("| event p99 | 140 ms | ≤ 100 ms | **no** |");
		assertThat(Files.readString(this.directory.resolve("results.json"))).contains("\"median\": 5000.0000")
			.contains("\"met\": false")
			.contains("\"a \\\"quoted\\\" note\"");
		assertThat(Files.readString(this.directory.resolve("targets.svg"))).startsWith("<svg")
			.contains("fill=\"#3c9a4e\"")
			.contains("fill=\"#c8413b\"")
			.endsWith("</svg>\n");
	}

}
