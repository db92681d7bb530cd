package com.example.platform.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import com.example.platform.infra.DatabaseAccess;
import com.example.platform.infra.EmbeddedInfrastructure;
import com.example.platform.infra.KafkaBroker;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test's application context at the shared embedded servers, with a database of
 * its own named after the application.
 */
class EmbeddedInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		String application = environment.getProperty("spring.application.name");
		if (application == null) {
			throw new IllegalStateException(
					"@WithEmbeddedInfrastructure needs spring.application.name to name the test database");
		}
		String database = application.replace('-', '_');
		EmbeddedInfrastructure infrastructure = SharedInfrastructure.get();
		DatabaseAccess access = infrastructure.postgres().createDatabase(database, database + "-test-password");
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", access.jdbcUrl());
		properties.put("spring.datasource.username", access.username());
		properties.put("spring.datasource.password", access.password());
		// The same database on the streaming replica, for the read-only routing of
		// datasource-routing.
		for (int i = 0; i < access.replicaJdbcUrls().size(); i++) {
			properties.put("platform.datasource.replicas[" + i + "]", access.replicaJdbcUrls().get(i));
		}
		properties.put("spring.kafka.bootstrap-servers", infrastructure.kafka().bootstrapServers());
		// The servers refuse anonymous clients, as everywhere. An application logs in to
		// Kafka as its own user, with only its own grants (deploy/config/kafka/acls.txt),
		// so its tests fail where a deployment would refuse it; a library's test
		// application, which no deployment runs, as the administrator.
		KafkaBroker kafka = infrastructure.kafka();
		(kafka.users().contains(application) ? kafka.clientSecurity(application) : kafka.clientSecurity())
			.forEach((name, value) -> properties.put("spring.kafka.properties[" + name + "]", value));
		properties.put("spring.data.redis.host", infrastructure.redis().host());
		properties.put("spring.data.redis.port", infrastructure.redis().port());
		properties.put("spring.data.redis.username", infrastructure.redis().username());
		properties.put("spring.data.redis.password", infrastructure.redis().password());
		properties.put("eureka.client.enabled", false);
		// Actuator off the traffic port, as in every deployment; tests find it with
		// @LocalManagementPort.
		properties.put("management.server.port", 0);
		environment.getPropertySources().addFirst(new MapPropertySource("embeddedInfrastructure", properties));
	}

}
