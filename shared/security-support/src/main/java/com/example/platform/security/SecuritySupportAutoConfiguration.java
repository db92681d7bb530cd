package com.example.platform.security;

import java.time.Clock;

import com.example.platform.tls.PlatformTls;
import com.example.platform.tokens.PinnedJwkSet;
import com.example.platform.tokens.PlatformSecurityProperties;
import com.example.platform.tokens.PublicPath;
import com.example.platform.tokens.RevokedSubjects;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Every servlet service is an OAuth2 resource server: a request that reaches a service
 * directly gets no more than one through the gateway. Stateless, bearer tokens only (no
 * cookies, hence no CSRF protection needed).
 */
@AutoConfiguration(
		before = { ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
				OAuth2ResourceServerAutoConfiguration.class, OAuth2ResourceServerWebSecurityAutoConfiguration.class,
				UserDetailsServiceAutoConfiguration.class },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(PlatformSecurityProperties.class)
public class SecuritySupportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RevokedSubjects revokedSubjects() {
		return new RevokedSubjects(Clock.systemUTC());
	}

	/**
	 * Listens for revocations on Redis, where the service has it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
	@ConditionalOnBean(type = "org.springframework.data.redis.connection.RedisConnectionFactory")
	static class RedisRevocationConfiguration {

		@Bean
		SubjectRevocations subjectRevocations(RedisConnectionFactory redis, RevokedSubjects revokedSubjects) {
			return new SubjectRevocations(redis, revokedSubjects);
		}

	}

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

	@Bean
	@ConditionalOnMissingBean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(new RolesAuthoritiesConverter());
		return converter;
	}

	// Picked up by Spring Security's FilterChainProxy: a URL its firewall refuses gets a
	// problem too (found by the system tests' OpenAPI validation: a bare 400 without a
	// body).
	@Bean
	@ConditionalOnMissingBean
	RequestRejectedHandler requestRejectedHandler() {
		return new SecurityProblems();
	}

	@Bean
	SecurityFilterChain platformSecurityFilterChain(HttpSecurity http, PlatformSecurityProperties properties,
			JwtAuthenticationConverter jwtAuthenticationConverter) {
		SecurityProblems problems = new SecurityProblems();
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.authorizeHttpRequests((requests) -> {
				properties.publicPaths()
					.stream()
					.map(PublicPath::parse)
					.forEach((path) -> requests.requestMatchers(path.method(), path.pattern()).permitAll());
				requests.requestMatchers("/error").permitAll();
				// The service's OpenAPI document: public like the API's shape is (the
				// gateway
				// serves it to Swagger UI); absent where
				// springdoc.api-docs.enabled=false.
				requests.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**").permitAll();
				// Only served on the management port, which nothing routes to.
				requests.requestMatchers("/actuator/**").permitAll();
				requests.requestMatchers("/api/admin/**").hasRole(Caller.ADMIN);
				requests.requestMatchers("/api/**").authenticated();
				requests.anyRequest().denyAll();
			})
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(jwtAuthenticationConverter))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
					@Override
					public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
						filter.setAuthenticationFailureHandler(problems);
						return filter;
					}
				}))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(JwtDecoder.class)
	static class JwkSetDecoderConfiguration {

		// Only from the configured locations, never through the registry: an instance
		// registered as user-service must not be able to serve its own keys. Over mutual
		// TLS when it is on, so the location must also prove it is the issuer.
		@Bean
		PinnedJwkSet platformJwkSet(PlatformSecurityProperties properties, ObjectProvider<PlatformTls> tls) {
			PlatformTls platformTls = tls.getIfAvailable();
			return (platformTls != null) ? PinnedJwkSet.of(properties, platformTls.bundle())
					: PinnedJwkSet.of(properties);
		}

		@Bean
		JwtDecoder jwtDecoder(PinnedJwkSet platformJwkSet, PlatformSecurityProperties properties,
				RevokedSubjects revokedSubjects) {
			return PlatformJwtDecoders.fromJwkSource(platformJwkSet, properties, revokedSubjects);
		}

		@Bean
		JwkSetPrefetcher jwkSetPrefetcher(PinnedJwkSet platformJwkSet) {
			return new JwkSetPrefetcher(platformJwkSet);
		}

	}

}
