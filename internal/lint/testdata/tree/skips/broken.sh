#!/bin/sh
export ZENML_STORE_URL='unclosed
