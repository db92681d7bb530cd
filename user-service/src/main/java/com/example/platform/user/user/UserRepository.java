package com.example.platform.user.user;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

interface UserRepository extends ListCrudRepository<User, UUID>, PagingAndSortingRepository<User, UUID> {

	// Written against lower(email) so PostgreSQL can use the unique index.
	@Query("select exists(select 1 from users where lower(email) = lower(:email))")
	boolean existsByEmailIgnoringCase(String email);

	@Query("select * from users where lower(email) = lower(:email)")
	Optional<User> findByEmailIgnoringCase(String email);

	@Query("select exists(select 1 from users where lower(email) = lower(:email) and id <> :id)")
	boolean existsByEmailIgnoringCaseForOtherUser(String email, UUID id);

	// deleteById is silent about unknown ids; an empty result lets the service report
	// 404.
	// The version returned is the one the delete found, after any concurrent update
	// committed, so the deletion event's version follows every earlier event's.
	@Query("delete from users where id = :id returning version")
	Optional<Long> deleteUserReturningVersion(UUID id);

}
