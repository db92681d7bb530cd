package com.example.platform.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ReadmeShellTests {

	private static final String README = """
			# Title

			## API

			```bash
			USER_ID=$(curl -s localhost:8080/api/users)
			```

			Text, then another section with two examples.

			## Replication

			```bash
			psql -h localhost -p 15433 -U postgres -c 'select 1'
			```

			```yaml
			not: bash
			```

			```bash
			curl -s localhost:9999/unknown
			```
			""";

	@TempDir
	Path directory;

	@Test
	void findsTheBashExamplesOfEachSection() {
		assertThat(ReadmeShell.examples(README)).containsOnlyKeys("API", "Replication")
			.containsEntry("API", List.of("USER_ID=$(curl -s localhost:8080/api/users)\n"));
		assertThat(ReadmeShell.examples(README).get("Replication")).hasSize(2);
	}

	@Test
	void replacesTheDefaultPortsWithThisRunsAndRejectsAnUnknownOne() throws IOException {
		ReadmeShell shell = shell(Map.of(8080, 41000, 15433, 41001));

		assertThat(shell.example("API", 0)).isEqualTo("USER_ID=$(curl -s localhost:41000/api/users)\n");
		assertThat(shell.example("Replication", 0)).contains("-p 41001 ");
		assertThatIllegalStateException().isThrownBy(() -> shell.example("Replication", 1))
			.withMessageContaining("9999");
	}

	@Test
	void keepsTheVariablesOneExampleSetsForTheNext() throws IOException {
		ReadmeShell shell = shell(Map.of());

		assertThat(shell.run("USER_ID=42; echo set").exitCode()).isZero();
		assertThat(shell.run("echo \"user $USER_ID\"").out()).isEqualTo("user 42\n");
	}

	private ReadmeShell shell(Map<Integer, Integer> ports) throws IOException {
		Path readme = Files.writeString(this.directory.resolve("README.md"), README);
		return new ReadmeShell(readme, this.directory, ports);
	}

}
