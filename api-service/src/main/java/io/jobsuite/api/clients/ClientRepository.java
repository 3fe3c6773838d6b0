package io.jobsuite.api.clients;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** Clients, by id and by owner. */
public interface ClientRepository extends JpaRepository<Client, Long> {

	Page<Client> findByOwner(String owner, Pageable pageable);

}
