package com.example.platform.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a Spring Boot test against real servers: a PostgreSQL primary with a streaming
 * replica (a database and role named after {@code spring.application.name}, its replica
 * URL in {@code platform.datasource.replicas}), a Kafka KRaft broker and Redis, started
 * once per test JVM on free ports. Service discovery is switched off; tests that call
 * another service register it with
 * {@code spring.cloud.discovery.client.simple.instances}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextConfiguration(initializers = EmbeddedInfrastructureInitializer.class)
public @interface WithEmbeddedInfrastructure {

}
