package com.example.platform.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.example.platform.infra.EmbeddedInfrastructure;
import com.example.platform.infra.InfrastructureSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order a {@link LocalPlatform} comes up in: its secrets and certificates, Zipkin
 * (which starts while the servers do), the embedded servers, then the applications. What
 * started is stopped again when a later step fails.
 */
final class PlatformBoot {

	private static final Logger log = LoggerFactory.getLogger(PlatformBoot.class);

	private PlatformBoot() {
	}

	static LocalPlatform start(PlatformSettings settings) {
		Instant started = Instant.now();
		Path logs = settings.prepareWorkDirectory();
		DevSecrets secrets = DevSecrets.loadOrCreate(settings.workDirectory().resolve("secrets"));
		PlatformTrust trust = PlatformTrust.loadOrCreate(settings, secrets);
		ApplicationProcess zipkin = settings.traces() ? Zipkin.launch(settings, logs) : null;
		EmbeddedInfrastructure infrastructure;
		try {
			infrastructure = EmbeddedInfrastructure.start(new InfrastructureSettings(
					settings.workDirectory().resolve("data"), true, settings.postgresPort(), settings.kafkaPort(),
					settings.redisPort(), settings.postgresReplicaPort(), secrets.infrastructure()));
		}
		catch (RuntimeException ex) {
			if (zipkin != null) {
				zipkin.stop(LocalPlatform.GRACE);
			}
			throw ex;
		}
		LocalPlatform platform = new LocalPlatform(settings, infrastructure, secrets, trust, zipkin, logs);
		try {
			platform.launch();
			log.info("Platform up in {} s", Duration.between(started, Instant.now()).toSeconds());
			return platform;
		}
		catch (RuntimeException ex) {
			platform.close();
			throw ex;
		}
	}

}
