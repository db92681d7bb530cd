package com.example.platform.shutdown;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Defaults every service would otherwise repeat, overridable as usual: graceful shutdown,
 * and how long the web server may drain in-flight requests once it stops accepting
 * (Boot's default is 30 s; 20 s keeps deregistration delay + drain + JVM exit inside
 * Kubernetes' 30 s grace period), and, with Eureka, registering as {@code STARTING} so
 * the instance is not routable until {@link UpWhenReady} turns it {@code UP}. The latter
 * only where that listener exists, or the instance would never turn UP.
 */
class ShutdownDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String DRAIN_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";

	static final String INITIAL_STATUS = "eureka.instance.initial-status";

	private static final String EUREKA_INSTANCE = "com.netflix.appinfo.ApplicationInfoManager";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new HashMap<>(Map.of("server.shutdown", "graceful", DRAIN_TIMEOUT, "20s"));
		if (environment.getProperty("platform.shutdown.enabled", Boolean.class, true)
				&& ClassUtils.isPresent(EUREKA_INSTANCE, application.getClassLoader())) {
			defaults.put(INITIAL_STATUS, "STARTING");
		}
		environment.getPropertySources().addLast(new MapPropertySource("platformShutdownDefaults", defaults));
	}

}
