package com.example.platform.datasource;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;

/**
 * Replaces Boot's single pool with role-named pools behind one routing
 * {@link DataSource}: {@code @Transactional(readOnly = true)} work goes to a healthy
 * streaming replica ({@code platform.datasource.replicas}), everything else to the
 * primary, honouring each request's {@code Consistency} and {@code X-Consistency-Token}
 * headers.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnProperty("spring.datasource.url")
@EnableConfigurationProperties({ DataSourceProperties.class, DataSourceRoutingProperties.class })
public class DataSourceRoutingAutoConfiguration {

	@Bean(destroyMethod = "close")
	RoutedDataSources routedDataSources(DataSourceProperties connection, DataSourceRoutingProperties properties,
			ObjectProvider<MeterRegistry> registry) {
		return new RoutedDataSources(connection, properties, registry.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	@Primary
	DataSource dataSource(RoutedDataSources routed) {
		return routed.dataSource();
	}

	@Bean
	StartupPatience primaryStartupPatience(RoutedDataSources routed) {
		return routed.startupPatience();
	}

	@Bean
	ReplicaHealthChecker replicaHealthChecker(RoutedDataSources routed, DataSourceRoutingProperties properties) {
		return new ReplicaHealthChecker(routed.primary(), routed.replicas(), properties);
	}

	@Bean
	ConsistencyTokenListener consistencyTokenListener(DataSource dataSource) {
		return new ConsistencyTokenListener(dataSource);
	}

	@Bean
	@ConditionalOnWebApplication(type = Type.SERVLET)
	FilterRegistrationBean<ConsistencyFilter> consistencyFilter(Environment environment) {
		// The platform's one switch for the headers that reveal topology (web-support's
		// DiagnosticHeaders, which this module does not depend on).
		boolean reportReads = environment.getProperty("platform.diagnostic-headers.enabled", Boolean.class, true);
		FilterRegistrationBean<ConsistencyFilter> registration = new FilterRegistrationBean<>(
				new ConsistencyFilter(reportReads));
		// Before anything that might read the database on the request's behalf.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	// Infrastructure role: the auto-proxy creator that applies @Transactional only
	// considers infrastructure advisors. Ordered before the transaction advisor (lowest
	// precedence), so the retry wraps the whole transaction.
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor replicaFailoverAdvisor(ObjectProvider<RoutedDataSources> routed) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				new ReplicaFailoverInterceptor.ReadOnlyTransactions(new AnnotationTransactionAttributeSource(false)),
				new ReplicaFailoverInterceptor(() -> routed.getObject().metrics()));
		advisor.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
		return advisor;
	}

}
