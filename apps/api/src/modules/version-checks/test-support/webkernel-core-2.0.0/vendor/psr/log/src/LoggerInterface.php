<?php

namespace Psr\Log;

interface LoggerInterface
{
    public function log($level, string|\Stringable $message, array $context = []): void;
}
