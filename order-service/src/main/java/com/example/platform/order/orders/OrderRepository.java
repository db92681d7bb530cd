package com.example.platform.order.orders;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

interface OrderRepository extends ListCrudRepository<Order, UUID>, PagingAndSortingRepository<Order, UUID> {

	Page<Order> findByUserId(UUID userId, Pageable pageable);

}
