package com.example.platform.user.auth;

import com.example.platform.security.PlatformJwtDecoders;
import com.example.platform.tokens.PlatformSecurityProperties;
import com.example.platform.tokens.RevokedSubjects;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * user-service signs tokens and validates them against its own keys, without fetching its
 * own JWKS over HTTP.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class AuthConfiguration {

	@Bean
	SigningKeys signingKeys(AuthProperties properties) {
		return SigningKeys.from(properties.signing());
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKeys keys) {
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.active())));
	}

	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, PlatformSecurityProperties security, RevokedSubjects revokedSubjects) {
		return PlatformJwtDecoders.fromJwkSource(new ImmutableJWKSet<>(keys.publicKeys()), security, revokedSubjects);
	}

}
