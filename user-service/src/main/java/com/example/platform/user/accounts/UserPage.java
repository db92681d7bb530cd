package com.example.platform.user.accounts;

import java.util.List;

import org.springframework.data.domain.Page;

record UserPage(List<UserView> items, int page, int size, long totalElements, int totalPages) {

	static UserPage of(Page<User> users) {
		return new UserPage(users.map(UserView::of).getContent(), users.getNumber(), users.getSize(),
				users.getTotalElements(), users.getTotalPages());
	}

}
