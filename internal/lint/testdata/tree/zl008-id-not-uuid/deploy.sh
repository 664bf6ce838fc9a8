#!/bin/bash
export ZENML_ACTIVE_PROJECT_ID=default
export ZENML_ACTIVE_STACK_ID='aws-stack'
export ZENML_ACTIVE_STACK_ID="$(zenml stack describe -o id)"
export ZENML_ACTIVE_PROJECT_ID=7c9e6679-7425-40de-944b-e07fc1f90ae7
