package com.example.platform.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, as the validated bearer token says: a user (subject = their id) or a
 * service (subject = its client id), with the token's roles.
 *
 * @param subject the token's {@code sub}
 * @param roles the token's roles without the {@code ROLE_} prefix, e.g. {@code USER}
 */
public record Caller(String subject, Set<String> roles) {

	/** Role of registered users. */
	public static final String USER = "USER";

	/** Role of administrators. */
	public static final String ADMIN = "ADMIN";

	/** Role of other services calling with client credentials. */
	public static final String SERVICE = "SERVICE";

	static final String ROLES_CLAIM = "roles";

	public Caller {
		roles = Set.copyOf(roles);
	}

	/**
	 * The caller a validated token describes.
	 * @param jwt the token
	 * @return the caller
	 */
	public static Caller of(Jwt jwt) {
		List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
		return new Caller(jwt.getSubject(), Set.copyOf((roles != null) ? roles : List.of()));
	}

	/**
	 * The caller an authentication describes.
	 * @param authentication a JWT authentication (or any other, whose authorities are
	 * read)
	 * @return the caller
	 */
	public static Caller of(Authentication authentication) {
		if (authentication instanceof JwtAuthenticationToken token) {
			return of(token.getToken());
		}
		return new Caller(authentication.getName(), rolesOf(authentication.getAuthorities()));
	}

	/**
	 * The caller of the current request.
	 * @return the caller
	 * @throws IllegalStateException outside an authenticated request
	 */
	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			throw new IllegalStateException("No authenticated caller");
		}
		return of(authentication);
	}

	public boolean isAdmin() {
		return this.roles.contains(ADMIN);
	}

	public boolean isService() {
		return this.roles.contains(SERVICE);
	}

	/**
	 * The user's id, for a user's token.
	 * @return the id, or empty for a service or a subject that is no user id
	 */
	public Optional<UUID> userId() {
		if (isService() || this.subject == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(this.subject));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether this caller is the given user.
	 * @param userId a user's id
	 * @return {@code true} for that user's own token
	 */
	public boolean is(UUID userId) {
		return userId != null && userId().filter(userId::equals).isPresent();
	}

	private static Set<String> rolesOf(Collection<? extends GrantedAuthority> authorities) {
		return authorities.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith("ROLE_"))
			.map((authority) -> authority.substring("ROLE_".length()))
			.collect(Collectors.toUnmodifiableSet());
	}

}
