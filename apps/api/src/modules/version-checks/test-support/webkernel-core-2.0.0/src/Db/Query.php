<?php

declare(strict_types=1);

namespace Webkernel\Db;

class Query
{
    private array $wheres = [];

    private function __construct(private readonly string $table)
    {
    }

    public static function table(string $table): self
    {
        return new self($table);
    }

    public function where(string $column, mixed $value): self
    {
        $this->wheres[$column] = $value;
        return $this;
    }

    public function get(): array
    {
        return [];
    }

    public function insert(array $row): int
    {
        return 1;
    }

    public function paginate(int $perPage = 20): array
    {
        return ['data' => $this->get(), 'perPage' => $perPage];
    }
}
