<?php

declare(strict_types=1);

namespace Webkernel;

function config(string $key, mixed $default = null): mixed
{
    return $GLOBALS['webkernel.config'][$key] ?? $default;
}

function view(string $name, array $data = []): string
{
    return $name;
}

function route(string $name, array $parameters = []): string
{
    return '/' . $name;
}
