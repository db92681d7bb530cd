package com.example.platform.user.accounts;

import java.time.Instant;
import java.util.UUID;

import com.example.platform.cache.VersionedCache;
import com.example.platform.cache.VersionedCacheManager;
import com.example.platform.datasource.ReadConsistency;
import com.example.platform.security.Caller;
import com.example.platform.user.caching.CacheNames;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

@Service
class UserService {

	// Creation order, with the id breaking ties, so pages never overlap or skip a user.
	private static final Sort PAGE_ORDER = Sort.by("createdAt", "id");

	private final UserRepository users;

	private final TransactionOperations transactions;

	private final ApplicationEventPublisher events;

	private final VersionedCache<UserView> cache;

	private final PasswordEncoder passwords;

	// The domain events are published inside each writing transaction, so listeners that
	// record them (the outbox) commit or roll back with the change.
	UserService(UserRepository users, TransactionOperations transactions, ApplicationEventPublisher events,
			VersionedCacheManager caches, PasswordEncoder passwords) {
		this.users = users;
		this.transactions = transactions;
		this.events = events;
		this.cache = caches.cache(CacheNames.USERS, UserView.class);
		this.passwords = passwords;
	}

	// Writes run in a programmatic transaction so the constraint violations a concurrent
	// request can cause are translated after the rollback, not inside a transaction that
	// PostgreSQL has already aborted.
	UserView registerUser(RegisterUserRequest request) {
		return register(request.email(), request.name(), request.password(), UserRole.USER);
	}

	// Hashed before the transaction: bcrypt takes long enough to matter to a connection.
	UserView register(String email, String name, String password, UserRole role) {
		String passwordHash = this.passwords.encode(password);
		try {
			return this.transactions.execute((status) -> {
				if (this.users.existsByCanonicalEmail(CanonicalEmail.of(email))) {
					throw new DuplicateEmailException(email);
				}
				User user = this.users.save(User.register(email, name, passwordHash, role));
				this.events.publishEvent(
						new UserRegistered(user.getId(), user.getName(), user.getVersion(), user.getCreatedAt()));
				return UserView.of(user);
			});
		}
		catch (DuplicateKeyException ex) {
			throw new DuplicateEmailException(email);
		}
	}

	// The cache honours the request's consistency like the database routing does: a
	// client's token skips entries older than its own write, and a strong read skips the
	// cache.
	// Another user's id answers exactly like an unknown one, so ids reveal nothing.
	// Services
	// read any user (order-service checks that an order's user exists).
	@Transactional(readOnly = true)
	UserView findUser(Caller caller, UUID id) {
		if (!(caller.is(id) || caller.isAdmin() || caller.isService())) {
			throw new UserNotFoundException(id);
		}
		UserView user = this.cache.get(id, () -> this.users.findById(id).map(UserView::of).orElse(null),
				ReadConsistency.minimumPosition());
		if (user == null) {
			throw new UserNotFoundException(id);
		}
		return user;
	}

	@Transactional(readOnly = true)
	UserPage listUsers(Caller caller, int page, int size) {
		if (!caller.isAdmin()) {
			throw new UserListingDeniedException();
		}
		return UserPage.of(this.users.findAll(PageRequest.of(page, size, PAGE_ORDER)));
	}

	UserView updateUser(Caller caller, UUID id, UpdateUserRequest request) {
		requireSelfOrAdmin(caller, id);
		String email = request.email();
		try {
			return this.transactions.execute((status) -> {
				User user = this.users.findById(id).orElseThrow(() -> new UserNotFoundException(id));
				if (!user.getVersion().equals(request.version())) {
					throw new UserModifiedConcurrentlyException(id, request.version());
				}
				if (this.users.existsByCanonicalEmailForOtherUser(CanonicalEmail.of(email), id)) {
					throw new DuplicateEmailException(email);
				}
				user.update(email, request.name());
				User updated = this.users.save(user);
				this.cache.evict(id);
				this.events.publishEvent(
						new UserUpdated(updated.getId(), updated.getName(), updated.getVersion(), Instant.now()));
				return UserView.of(updated);
			});
		}
		catch (OptimisticLockingFailureException ex) {
			throw new UserModifiedConcurrentlyException(id, request.version());
		}
		catch (DuplicateKeyException ex) {
			throw new DuplicateEmailException(email);
		}
	}

	@Transactional
	void deleteUser(Caller caller, UUID id) {
		requireSelfOrAdmin(caller, id);
		long version = this.users.deleteUserReturningVersion(id).orElseThrow(() -> new UserNotFoundException(id));
		this.cache.evict(id);
		// The deletion is the user's next change: one version past the last one stored.
		this.events.publishEvent(new UserDeleted(id, version + 1, Instant.now()));
	}

	private static void requireSelfOrAdmin(Caller caller, UUID id) {
		if (!(caller.is(id) || caller.isAdmin())) {
			throw new UserNotFoundException(id);
		}
	}

}
