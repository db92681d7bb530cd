package com.example.platform.gateway.console;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The administrator console ({@code /console/}) and its API
 * ({@code /api/admin/console/**}).
 *
 * @param environment where the platform runs: the page offers the local launcher's drills
 * in a local run and shows the {@code docker compose} or {@code kubectl} command for them
 * elsewhere (deploy/config/*.env set it)
 * @param launcher the local launcher's control endpoint (loopback only), which runs the
 * drills on infrastructure and processes; set by the launcher, absent elsewhere
 * @param scrapeTimeout how long one instance may take to accept the connection and to
 * start answering for its health or meters before the console shows it as unreachable
 * (twice that for the whole answer): a few seconds, as the page polls every 3 s and a
 * hung instance must not hold the whole view, but an instance on a busy machine may take
 * seconds to render its meters
 * @param drillTimeout how long a drill (run by an instance or the launcher) may take:
 * stopping an instance waits for it to drain, up to the launcher's 20 s grace
 * @param readingsMaxAge how long an instance's health and meters, once read, answer every
 * console request: the page's poll interval, so that an instance is read once per
 * interval however many pages are open; zero reads on every request
 */
@Validated
@ConfigurationProperties("platform.gateway.console")
public record ConsoleProperties(@DefaultValue("local") @NotNull Environment environment, URI launcher,
		@DefaultValue("3s") @NotNull Duration scrapeTimeout, @DefaultValue("60s") @NotNull Duration drillTimeout,
		@DefaultValue("3s") @NotNull @DurationMin(millis = 0) Duration readingsMaxAge) {

	/** Where the platform runs. */
	public enum Environment {

		/** {@code ./run-local}: the launcher runs the drills. */
		LOCAL,

		/** {@code docker compose}. */
		COMPOSE,

		/** Kubernetes ({@code k8s/}). */
		KUBERNETES

	}

}
