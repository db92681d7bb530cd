package com.example.platform.shutdown;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every service would otherwise repeat, overridable as usual: graceful shutdown,
 * and how long the web server may drain in-flight requests once it stops accepting
 * (Boot's default is 30 s; 20 s keeps deregistration delay + drain + JVM exit inside
 * Kubernetes' 30 s grace period).
 */
class ShutdownDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String DRAIN_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("platformShutdownDefaults",
					Map.of("server.shutdown", "graceful", DRAIN_TIMEOUT, "20s")));
	}

}
