package com.example.platform.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.example.platform.infra.FreePorts;
import com.example.platform.infra.RedisInline;
import com.example.platform.infra.RedisServer;
import com.example.platform.local.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs compose's and Kubernetes' Redis start script ({@code start-redis.sh}) for real,
 * with the embedded Redis binary in place of the image's, and shows what its users may
 * do: the checks of {@link DataStoreTrustTests} read the script, this one proves Redis
 * takes it as meant.
 */
class RedisStartScriptIT {

	private static final String BINARY = "redis-server-" + RedisServer.VERSION + "-linux-amd64";

	@TempDir
	Path directory;

	private Process redis;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.redis != null) {
			this.redis.destroy();
			this.redis.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void theScriptsUsersRefuseAnonymousClientsAndKeepTheApplicationsFromDangerousCommands() throws Exception {
		Path binary = this.directory.resolve(BINARY);
		try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(BINARY)) {
			assertThat(in).as(BINARY + " on the classpath").isNotNull();
			Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
		}
		assertThat(binary.toFile().setExecutable(true, true)).isTrue();
		// The image's entrypoint, as far as the script needs it: start redis-server.
		Path entrypoint = this.directory.resolve("docker-entrypoint.sh");
		Files.writeString(entrypoint, "#!/bin/sh\nshift\nexec " + binary + " \"$@\"\n");
		assertThat(entrypoint.toFile().setExecutable(true, true)).isTrue();

		int port = FreePorts.next();
		List<String> command = new ArrayList<>(
				List.of("sh", Repository.path("deploy/config/redis/start-redis.sh").toString(), "--port",
						String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--dir", this.directory.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("redis.out").toFile());
		Map<String, String> environment = builder.environment();
		environment.put("PATH", this.directory + ":" + environment.getOrDefault("PATH", "/usr/bin:/bin"));
		environment.put("REDIS_PASSWORD", "platform-password-0123");
		environment.put("REDIS_EXPORTER_PASSWORD", "exporter-password-0123");
		environment.put("REDIS_ADMIN_PASSWORD", "admin-password-0123");
		this.redis = builder.start();
		await().atMost(Duration.ofSeconds(20))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(exchange(port, "PING")).first().asString().startsWith("-NOAUTH"));

		assertThat(exchange(port, "AUTH default anything")).first().asString().startsWith("-WRONGPASS");
		String platform = "AUTH platform platform-password-0123";
		assertThat(exchange(port, platform, "SET trust kept", "GET trust")).containsExactly("+OK", "+OK", "$4", "kept");
		for (String dangerous : RedisInline.DANGEROUS_COMMANDS) {
			assertThat(exchange(port, platform, dangerous)).as(dangerous).element(1).asString().startsWith("-NOPERM");
		}
		String exporter = "AUTH exporter exporter-password-0123";
		assertThat(exchange(port, exporter, "INFO server")).element(1).asString().startsWith("$");
		assertThat(exchange(port, exporter, "SET trust changed")).element(1).asString().startsWith("-NOPERM");
		assertThat(exchange(port, exporter, "FLUSHALL")).element(1).asString().startsWith("-NOPERM");
		assertThat(exchange(port, "AUTH admin admin-password-0123", "CONFIG GET port")).contains(String.valueOf(port));
	}

	private static List<String> exchange(int port, String... commands) throws IOException {
		return RedisInline.exchange("127.0.0.1", port, commands);
	}

}
