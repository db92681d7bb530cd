package com.example.platform.faults;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The {@code faults} profile switches fault injection on
 * ({@code platform.faults.enabled=true}). Done here rather than in an
 * {@code application-faults.yml} shipped in the jar, which a service's own file of that
 * name would silently hide. Lowest precedence: an explicit
 * {@code platform.faults.enabled=false} still wins.
 */
class FaultsProfileEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROFILE = "faults";

	static final String PROPERTY_SOURCE = "faultsProfile";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.matchesProfiles(PROFILE)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of("platform.faults.enabled", "true")));
		}
	}

	// After the config files, which may activate the profile.
	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
