package com.example.platform.user.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits bind from the shipped application.yml alone. The integration tests set every
 * limit themselves, so they could not see that the packaged service once failed to start
 * without them.
 */
class RateLimitPropertiesTests {

	@Test
	void shippedApplicationYmlDefinesEveryLimit() throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
			.forEach(environment.getPropertySources()::addLast);
		RateLimitProperties properties = Binder.get(environment)
			.bindOrCreate("platform.rate-limit", RateLimitProperties.class);
		assertThat(properties.trustedProxies()).isEmpty();
		assertThat(properties.token()).isEqualTo(new RateLimitProperties.Limit(30, Duration.ofSeconds(10)));
		assertThat(properties.registration()).isEqualTo(new RateLimitProperties.Limit(100, Duration.ofMinutes(10)));
	}

}
