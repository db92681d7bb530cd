package com.example.platform.user.accounts;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

interface UserRepository extends ListCrudRepository<User, UUID>, PagingAndSortingRepository<User, UUID> {

	// Each takes CanonicalEmail.of(email): the column the unique index is on.
	@Query("select exists(select 1 from users where email_canonical = :canonical)")
	boolean existsByCanonicalEmail(String canonical);

	@Query("select * from users where email_canonical = :canonical")
	Optional<User> findByCanonicalEmail(String canonical);

	@Query("select exists(select 1 from users where email_canonical = :canonical and id <> :id)")
	boolean existsByCanonicalEmailForOtherUser(String canonical, UUID id);

	// deleteById is silent about unknown ids; an empty result lets the service report
	// 404.
	// The version returned is the one the delete found, after any concurrent update
	// committed, so the deletion event's version follows every earlier event's.
	@Query("delete from users where id = :id returning version")
	Optional<Long> deleteUserReturningVersion(UUID id);

}
