package com.example.platform.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StartupTests {

	@TempDir
	Path logs;

	@Test
	void readsEachApplicationsStartupFromItsFirstInstancesLog() throws IOException {
		started("discovery", 1.8);
		started("user-service-1", 7.25);
		started("order-service-1", 8.5);
		Files.writeString(this.logs.resolve("gateway.log"), "still starting\n");

		assertThat(Startup.startupSeconds(this.logs)).containsExactly(Map.entry("discovery", 1.8),
				Map.entry("user-service", 7.25), Map.entry("order-service", 8.5));
	}

	@Test
	void comparesEachAotStartupWithThePlainJvms() {
		Map<String, Double> plain = Map.of("discovery", 4.8, "gateway", 11.0);
		Map<String, Double> aot = new LinkedHashMap<>();
		aot.put("discovery", 1.8);
		aot.put("gateway", 7.0);
		aot.put("user-service", 5.0);

		List<Target> targets = Startup.ratioTargets(plain, aot);

		assertThat(targets).extracting(Target::name)
			.containsExactly("discovery startup, AOT cache / plain JVM", "gateway startup, AOT cache / plain JVM");
		assertThat(targets).extracting(Target::met).containsExactly(true, false);
		assertThat(targets.get(0).value()).isEqualTo(1.8 / 4.8);
		assertThat(targets.get(1).bound()).isEqualTo(0.6);
	}

	private void started(String application, double seconds) throws IOException {
		Files.writeString(this.logs.resolve(application + ".log"),
				"... : Started App in 1.0 seconds (process running for " + seconds + ")\n");
	}

}
