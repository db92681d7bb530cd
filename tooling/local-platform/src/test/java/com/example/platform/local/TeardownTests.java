package com.example.platform.local;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A benchmark JVM sent SIGTERM leaves nothing behind: its registered resources are closed
 * and the processes it started are stopped.
 */
class TeardownTests {

	@Test
	void sigtermClosesRegisteredResourcesAndStopsChildProcesses(@TempDir Path directory) throws Exception {
		Path marker = directory.resolve("closed");
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process probe = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
				TeardownProbe.class.getName(), marker.toString()))
			.redirectErrorStream(true)
			.start();
		long childPid;
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
			String line = output.readLine();
			assertThat(line).startsWith("child ");
			childPid = Long.parseLong(line.substring("child ".length()));
		}
		Optional<ProcessHandle> child = ProcessHandle.of(childPid);
		assertThat(child).hasValueSatisfying((handle) -> assertThat(handle.isAlive()).isTrue());

		probe.destroy();

		assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(marker).hasContent("closed");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ProcessHandle.of(childPid).map((handle) -> !handle.isAlive()).orElse(true));
	}

}
