package com.example.platform.defaults;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the settings every application of the platform shares
 * ({@code service-defaults.yml} beside this class: management, discovery timings,
 * tracing, observations, the topics' names) as the last property source. Anything else
 * overrides them: an application's own application.yml, its profiles, the environment,
 * the command line.
 */
class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String NAME = "platformServiceDefaults";

	static final ClassPathResource DEFAULTS = new ClassPathResource("service-defaults.yml",
			ServiceDefaultsEnvironmentPostProcessor.class);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(NAME)) {
			return;
		}
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load(NAME, DEFAULTS)) {
				environment.getPropertySources().addLast(source);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + DEFAULTS, ex);
		}
	}

}
