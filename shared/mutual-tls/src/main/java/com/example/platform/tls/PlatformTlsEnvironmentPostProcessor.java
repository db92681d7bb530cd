package com.example.platform.tls;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StringUtils;

/**
 * Turns mutual TLS on ({@code mutual-tls.yml} beside this class) when the deployment
 * names the directory of the application's certificate, {@value #DIRECTORY}
 * ({@code PLATFORM_TLS_DIRECTORY}): the local run, compose and Kubernetes always do. The
 * settings rank just above the shared service defaults (whose plain-HTTP registry address
 * they replace) and below everything else, so an application's own application.yml, the
 * environment and the command line still override them.
 * <p>
 * Without the directory nothing changes: the modules' own integration tests run their
 * applications on plain HTTP, except those that test TLS itself.
 */
class PlatformTlsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String DIRECTORY = "platform.tls.directory";

	static final String NAME = "platformMutualTls";

	// service-defaults' property source (ServiceDefaultsEnvironmentPostProcessor.NAME).
	private static final String SERVICE_DEFAULTS = "platformServiceDefaults";

	private static final ClassPathResource SETTINGS = new ClassPathResource("mutual-tls.yml",
			PlatformTlsEnvironmentPostProcessor.class);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		if (sources.contains(NAME) || !StringUtils.hasText(environment.getProperty(DIRECTORY))) {
			return;
		}
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load(NAME, SETTINGS)) {
				// Whichever post-processor runs first, these end up above the defaults.
				if (sources.contains(SERVICE_DEFAULTS)) {
					sources.addBefore(SERVICE_DEFAULTS, source);
				}
				else {
					sources.addLast(source);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + SETTINGS, ex);
		}
	}

}
