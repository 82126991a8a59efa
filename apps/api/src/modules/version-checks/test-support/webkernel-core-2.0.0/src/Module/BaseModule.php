<?php

declare(strict_types=1);

namespace Webkernel\Module;

use Webkernel\Hooks;

/** What every module extends: register() wires it, boot() starts it. */
abstract class BaseModule
{
    private array $settings = [];

    public function register(): void
    {
    }

    public function boot(): void
    {
        Hooks::emit('module.activated', static::class);
    }

    public function config(string $key, mixed $default = null): mixed
    {
        return $this->settings[$key] ?? \Webkernel\config($key, $default);
    }

    protected function load(array $settings): void
    {
        $this->settings = $settings;
    }
}
