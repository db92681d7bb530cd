package com.example.platform.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.example.platform.testsupport.DocExamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ReadmeShellTests {

	private static final Path REPOSITORY = Path.of("../..");

	/** How ReadmeExamplesIT names the example it runs. */
	private static final Pattern EXAMPLE = Pattern.compile("example\\(\"([^\"]+)\",\\s*(\\d+)\\)");

	private static final String README = """
			# Title

			## A walk

			```bash
			USER_ID=$(curl -s localhost:8080/api/users)
			```
			""";

	private static final String PAGE = """
			# Replication

			```bash
			psql -h localhost -p 15433 -U postgres -c 'select 1'
			```

			```yaml
			not: bash
			```

			```sh
			docker compose up   # needs a Docker engine: not run
			```

			## Another section

			```bash
			curl -s localhost:9999/unknown
			```
			""";

	@TempDir
	Path directory;

	@Test
	void findsTheBashExamplesOfTheReadmeAndOfEveryDocsPage() throws IOException {
		Map<String, List<String>> examples = DocExamples.examples(repository());

		assertThat(examples.keySet()).containsExactly("README.md", "docs/a-first.md", "docs/replication.md");
		assertThat(examples).containsEntry("README.md", List.of("USER_ID=$(curl -s localhost:8080/api/users)\n"))
			.containsEntry("docs/a-first.md", List.of());
		assertThat(examples.get("docs/replication.md")).hasSize(2).noneMatch((block) -> block.contains("docker"));
	}

	@Test
	void replacesTheDefaultPortsWithThisRunsAndRejectsAnUnknownOne() throws IOException {
		ReadmeShell shell = shell(Map.of(8080, 41000, 15433, 41001));

		assertThat(shell.example("README.md", 0)).isEqualTo("USER_ID=$(curl -s localhost:41000/api/users)\n");
		assertThat(shell.example("docs/replication.md", 0)).contains("-p 41001 ");
		assertThatIllegalStateException().isThrownBy(() -> shell.example("docs/replication.md", 1))
			.withMessageContaining("9999");
	}

	@Test
	void keepsTheVariablesOneExampleSetsForTheNext() throws IOException {
		ReadmeShell shell = shell(Map.of());

		assertThat(shell.run("USER_ID=42; echo set").exitCode()).isZero();
		assertThat(shell.run("echo \"user $USER_ID\"").out()).isEqualTo("user 42\n");
	}

	/** A {@code bash} block nobody runs could be wrong without anyone noticing. */
	@Test
	void readmeExamplesItRunsEveryBashBlockOfTheReadmeAndTheDocs() throws IOException {
		String test = Files.readString(Path.of("src/test/java/com/example/platform/systemtest/ReadmeExamplesIT.java"));
		Set<String> run = new TreeSet<>();
		EXAMPLE.matcher(test).results().forEach((match) -> run.add(match.group(1) + " " + match.group(2)));
		Set<String> documented = new TreeSet<>();
		DocExamples.examples(REPOSITORY).forEach((page, blocks) -> {
			for (int i = 0; i < blocks.size(); i++) {
				documented.add(page + " " + i);
			}
		});

		assertThat(documented).as("bash blocks of README.md and docs/*.md").contains("README.md 0", "docs/api.md 0");
		assertThat(run).as("the examples ReadmeExamplesIT runs").isEqualTo(documented);
	}

	private Path repository() throws IOException {
		Files.writeString(this.directory.resolve("README.md"), README);
		Path docs = Files.createDirectories(this.directory.resolve("docs"));
		Files.writeString(docs.resolve("replication.md"), PAGE);
		Files.writeString(docs.resolve("a-first.md"), "# No examples\n");
		Files.writeString(docs.resolve("notes.txt"), "```bash\nnot a page\n```\n");
		return this.directory;
	}

	private ReadmeShell shell(Map<Integer, Integer> ports) throws IOException {
		return new ReadmeShell(repository(), this.directory, ports);
	}

}
