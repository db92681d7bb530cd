package com.example.platform.user.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

@Table("users")
class User {

	@Id
	private final UUID id;

	private String email;

	// CanonicalEmail.of(email): the unique index and every lookup use this.
	private String emailCanonical;

	private String name;

	// Null until first saved, which is how Spring Data JDBC tells an insert from an
	// update when the application assigns the id.
	@Version
	private Long version;

	private final Instant createdAt;

	// Maintained by the orderstats feature with its own SQL; read-only here so saving a
	// user edit never overwrites a count that changed since the user was loaded.
	@ReadOnlyProperty
	private final long orderCount;

	// Maintained like orderCount.
	@ReadOnlyProperty
	private final BigDecimal totalSpent;

	// Null for users registered before passwords existed: they cannot log in.
	private final String passwordHash;

	private final UserRole role;

	@PersistenceCreator
	User(UUID id, String email, String emailCanonical, String name, Long version, Instant createdAt, long orderCount,
			BigDecimal totalSpent, String passwordHash, UserRole role) {
		this.id = id;
		this.email = email;
		this.emailCanonical = emailCanonical;
		this.name = name;
		this.version = version;
		this.createdAt = createdAt;
		this.orderCount = orderCount;
		this.totalSpent = totalSpent;
		this.passwordHash = passwordHash;
		this.role = role;
	}

	static User register(String email, String name, String passwordHash, UserRole role) {
		// PostgreSQL keeps microseconds: truncate so the response matches what a later
		// read returns.
		return new User(UUID.randomUUID(), email, CanonicalEmail.of(email), name, null,
				Instant.now().truncatedTo(ChronoUnit.MICROS), 0, BigDecimal.ZERO.setScale(2), passwordHash, role);
	}

	void update(String email, String name) {
		this.email = email;
		this.emailCanonical = CanonicalEmail.of(email);
		this.name = name;
	}

	UUID getId() {
		return this.id;
	}

	String getEmail() {
		return this.email;
	}

	String getName() {
		return this.name;
	}

	Long getVersion() {
		return this.version;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	long getOrderCount() {
		return this.orderCount;
	}

	BigDecimal getTotalSpent() {
		return this.totalSpent;
	}

	String getPasswordHash() {
		return this.passwordHash;
	}

	UserRole getRole() {
		return this.role;
	}

}
